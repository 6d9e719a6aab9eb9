import { defineCheck } from '../check.js';

/**
 * Identifiers each entity type takes, and the identifier sets of which one must be mapped in full, as
 * Sentinel's own template validator holds them (Azure-Sentinel .script/tests/detectionTemplateSchemaValidation
 * Models/EntityMappingIdentifiers.cs), checked against Microsoft Learn's "entity types reference"
 * (which adds IP's AddressScope).
 */
const ENTITIES: Record<string, { identifiers: string[]; required: string[][] }> = {
  Account: {
    identifiers: [
      'Name',
      'FullName',
      'NTDomain',
      'DnsDomain',
      'UPNSuffix',
      'Sid',
      'AadTenantId',
      'AadUserId',
      'PUID',
      'IsDomainJoined',
      'DisplayName',
      'ObjectGuid',
    ],
    required: [['FullName'], ['Sid'], ['Name'], ['AadUserId'], ['PUID'], ['ObjectGuid']],
  },
  AzureResource: { identifiers: ['ResourceId'], required: [['ResourceId']] },
  CloudApplication: { identifiers: ['AppId', 'Name', 'InstanceName'], required: [['AppId'], ['Name']] },
  DNS: { identifiers: ['DomainName'], required: [['DomainName']] },
  File: { identifiers: ['Directory', 'Name'], required: [['Name']] },
  FileHash: { identifiers: ['Algorithm', 'Value'], required: [['Algorithm', 'Value']] },
  Host: {
    identifiers: [
      'DnsDomain',
      'NTDomain',
      'HostName',
      'FullName',
      'NetBiosName',
      'AzureID',
      'OMSAgentID',
      'OSFamily',
      'OSVersion',
      'IsDomainJoined',
    ],
    required: [['FullName'], ['HostName'], ['NetBiosName'], ['AzureID'], ['OMSAgentID']],
  },
  IoTDevice: {
    identifiers: [
      'DeviceId',
      'DeviceName',
      'Manufacturer',
      'Model',
      'FirmwareVersion',
      'OperatingSystem',
      'MacAddress',
      'Protocols',
      'SerialNumber',
      'Source',
      'IoTSecurityAgentId',
      'DeviceType',
    ],
    required: [['DeviceId']],
  },
  IP: { identifiers: ['Address', 'AddressScope'], required: [['Address']] },
  Mailbox: {
    identifiers: ['MailboxPrimaryAddress', 'DisplayName', 'Upn', 'ExternalDirectoryObjectId', 'RiskLevel'],
    required: [['MailboxPrimaryAddress']],
  },
  MailCluster: {
    identifiers: [
      'NetworkMessageIds',
      'CountByDeliveryStatus',
      'CountByThreatType',
      'CountByProtectionStatus',
      'Threats',
      'Query',
      'QueryTime',
      'MailCount',
      'IsVolumeAnomaly',
      'Source',
      'ClusterSourceIdentifier',
      'ClusterSourceType',
      'ClusterQueryStartTime',
      'ClusterQueryEndTime',
      'ClusterGroup',
    ],
    required: [['Query'], ['Source']],
  },
  MailMessage: {
    identifiers: [
      'Recipient',
      'Urls',
      'Threats',
      'Sender',
      'P1Sender',
      'P1SenderDisplayName',
      'P1SenderDomain',
      'SenderIP',
      'P2Sender',
      'P2SenderDisplayName',
      'P2SenderDomain',
      'ReceivedDate',
      'NetworkMessageId',
      'InternetMessageId',
      'Subject',
      'BodyFingerprintBin1',
      'BodyFingerprintBin2',
      'BodyFingerprintBin3',
      'BodyFingerprintBin4',
      'BodyFingerprintBin5',
      'AntispamDirection',
      'DeliveryAction',
      'DeliveryLocation',
      'Language',
      'ThreatDetectionMethods',
    ],
    required: [['NetworkMessageId'], ['Recipient']],
  },
  Malware: { identifiers: ['Name', 'Category'], required: [['Name']] },
  Process: {
    identifiers: ['ProcessId', 'CommandLine', 'ElevationToken', 'CreationTimeUtc'],
    required: [['CommandLine'], ['ProcessId']],
  },
  RegistryKey: { identifiers: ['Hive', 'Key'], required: [['Key'], ['Hive']] },
  RegistryValue: { identifiers: ['Name', 'Value', 'ValueType'], required: [['Name']] },
  SecurityGroup: {
    identifiers: ['DistinguishedName', 'SID', 'ObjectGuid'],
    required: [['DistinguishedName'], ['SID'], ['ObjectGuid']],
  },
  SubmissionMail: {
    identifiers: [
      'NetworkMessageId',
      'Timestamp',
      'Recipient',
      'Sender',
      'SenderIp',
      'Subject',
      'ReportType',
      'SubmissionId',
      'SubmissionDate',
      'Submitter',
    ],
    required: [['SubmissionId'], ['NetworkMessageId'], ['Recipient'], ['Submitter']],
  },
  URL: { identifiers: ['Url'], required: [['Url']] },
};

/** Sentinel's limits: up to 10 entity mappings per rule, up to 3 identifiers per mapping. */
export const MAX_ENTITY_MAPPINGS = 10;
export const MAX_FIELD_MAPPINGS = 3;

/** The entity types Sentinel maps, for other checks (incident grouping). */
export const entityTypes: readonly string[] = Object.keys(ENTITIES);

/**
 * Entity mappings use Sentinel's entity types and identifiers (exact case: the service compares them
 * as written), map one identifier set that identifies the entity, and stay within the service's limits.
 * Whether each column exists is entity-columns-exist's job.
 */
export default defineCheck({
  id: 'entity-mappings-valid',
  code: 'entityMappingInvalid',
  appliesTo: ['hunting', 'analytic'],
  check(item, _resolved, report) {
    if (item.kind !== 'hunting' && item.kind !== 'analytic') return;
    const mappings = item.doc.entityMappings ?? [];
    if (mappings.length > MAX_ENTITY_MAPPINGS) {
      report({
        at: { path: ['entityMappings'], key: true },
        message: `${mappings.length} entity mappings; Sentinel accepts at most ${MAX_ENTITY_MAPPINGS}`,
      });
    }
    mappings.forEach((mapping, m) => {
      const at = ['entityMappings', m];
      const spec = ENTITIES[mapping.entityType];
      if (!spec) {
        const near = entityTypes.find((t) => t.toLowerCase() === mapping.entityType.toLowerCase());
        report({
          at: { path: [...at, 'entityType'] },
          message: near
            ? `entity type '${mapping.entityType}' is spelt '${near}' in Sentinel`
            : `'${mapping.entityType}' is not an entity type Sentinel maps (${entityTypes.join(', ')})`,
        });
        return;
      }
      const fields = mapping.fieldMappings ?? [];
      if (fields.length > MAX_FIELD_MAPPINGS) {
        report({
          at: { path: [...at, 'fieldMappings'], key: true },
          message: `${fields.length} identifiers mapped for ${mapping.entityType}; Sentinel accepts at most ${MAX_FIELD_MAPPINGS} per entity`,
        });
      }
      const seen = new Set<string>();
      fields.forEach((field, f) => {
        const path = [...at, 'fieldMappings', f, 'identifier'];
        if (!spec.identifiers.includes(field.identifier)) {
          const near = spec.identifiers.find((i) => i.toLowerCase() === field.identifier.toLowerCase());
          report({
            at: { path },
            message: near
              ? `${mapping.entityType} identifier '${field.identifier}' is spelt '${near}'`
              : `'${field.identifier}' is not an identifier of ${mapping.entityType} (${spec.identifiers.join(', ')})`,
          });
        } else if (seen.has(field.identifier)) {
          report({ at: { path }, message: `${mapping.entityType}.${field.identifier} is mapped twice` });
        }
        seen.add(field.identifier);
      });
      if (!spec.required.some((set) => set.every((id) => seen.has(id)))) {
        report({
          at: { path: [...at, 'entityType'] },
          message: `${mapping.entityType} needs one of these identifiers to identify it: ${spec.required
            .map((s) => s.join(' + '))
            .join(', ')}`,
        });
      }
    });
  },
});
