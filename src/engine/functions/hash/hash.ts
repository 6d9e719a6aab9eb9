/** `hash_md5`, `hash_sha1`, `hash_sha256`: lower-case hex of the UTF-8 bytes of tostring(x). (`hash()` is xxhash64 in Kusto and is not provided.) */
import { createHash } from 'node:crypto';
import { defineFunction } from '../define.js';
import { textArgs } from '../string/basic.js';

function digest(name: string, algorithm: string) {
  return defineFunction({
    names: [name],
    compile(call) {
      const [s] = textArgs(call);
      return (c, i) =>
        createHash(algorithm)
          .update(s(c, i) as string, 'utf8')
          .digest('hex');
    },
  });
}

export default [digest('hash_md5', 'md5'), digest('hash_sha1', 'sha1'), digest('hash_sha256', 'sha256')];
