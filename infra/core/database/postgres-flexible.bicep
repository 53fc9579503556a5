// Azure Database for PostgreSQL Flexible Server with Microsoft Entra authentication. The app's
// managed identity is an administrator and logs in with a token; password logins are off unless
// asked for.

@description('Required. Server name (globally unique).')
param name string

@description('Optional. Azure region.')
param location string = resourceGroup().location

@description('Optional. Tags.')
param tags object = {}

@description('Required. Database the app uses.')
param databaseName string

@description('Optional. PostgreSQL major version.')
@allowed([
  '14'
  '15'
  '16'
  '17'
])
param version string = '16'

@description('Optional. Compute size, e.g. Standard_B1ms (Burstable), Standard_D2ds_v5 (GeneralPurpose).')
param skuName string = 'Standard_B2s'

@description('Optional. Compute tier; must match skuName.')
@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param skuTier string = 'Burstable'

@description('Optional. Storage in GiB (grows automatically beyond it).')
@allowed([
  32
  64
  128
  256
  512
  1024
  2048
  4096
  8192
  16384
])
param storageSizeGB int = 32

@description('Optional. High availability: Disabled, SameZone or ZoneRedundant (not on Burstable).')
@allowed([
  'Disabled'
  'SameZone'
  'ZoneRedundant'
])
param highAvailabilityMode string = 'Disabled'

@description('Optional. Days of point-in-time restore.')
@minValue(7)
@maxValue(35)
param backupRetentionDays int = 7

@description('Optional. Keep backups in the paired region too (not on every SKU or region).')
@allowed([
  'Disabled'
  'Enabled'
])
param geoRedundantBackup string = 'Disabled'

@description('Optional. Public network access. Disabled needs private networking this template does not create.')
@allowed([
  'Disabled'
  'Enabled'
])
param publicNetworkAccess string = 'Enabled'

@description('Optional. Firewall rules: {name, startIpAddress, endIpAddress}. 0.0.0.0-0.0.0.0 admits Azure services.')
param firewallRules array = []

@description('Required. Entra administrators: {principalId, principalName, principalType}.')
param administrators array

@description('Optional. Also allow password logins (for tools without Entra support).')
param passwordAuth bool = false

@description('Optional. Administrator login when passwordAuth is true.')
param administratorLogin string = ''

@description('Optional. Administrator password when passwordAuth is true.')
@secure()
param administratorLoginPassword string = ''

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    version: version
    createMode: 'Default'
    administratorLogin: passwordAuth ? administratorLogin : null
    administratorLoginPassword: passwordAuth ? administratorLoginPassword : null
    authConfig: {
      activeDirectoryAuth: 'Enabled'
      passwordAuth: passwordAuth ? 'Enabled' : 'Disabled'
      tenantId: subscription().tenantId
    }
    storage: {
      storageSizeGB: storageSizeGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: backupRetentionDays
      geoRedundantBackup: geoRedundantBackup
    }
    highAvailability: {
      mode: highAvailabilityMode
    }
    network: {
      publicNetworkAccess: publicNetworkAccess
    }
  }
}

// The server refuses a change while another is in progress, so its children are created one at a time,
// in the order Azure Verified Modules uses (avm/res/db-for-postgre-sql/flexible-server): databases, then
// firewall rules, then configurations (none here), then administrators. Each step depends on the one
// before it and each loop runs one item at a time; tests/unit/test_infra.py checks the chain.
resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

@batchSize(1)
resource rules 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = [for rule in firewallRules: {
  parent: server
  name: rule.name
  properties: {
    startIpAddress: rule.startIpAddress
    endIpAddress: rule.endIpAddress
  }
  dependsOn: [
    database
  ]
}]

@batchSize(1)
resource admins 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2024-08-01' = [for admin in administrators: {
  parent: server
  name: admin.principalId
  properties: {
    principalName: admin.principalName
    principalType: admin.principalType
    tenantId: subscription().tenantId
  }
  dependsOn: [
    database
    rules
  ]
}]

@description('Name of the server.')
output name string = server.name

@description('Resource id of the server.')
output resourceId string = server.id

@description('Host name clients connect to.')
output host string = server.properties.fullyQualifiedDomainName

@description('Name of the app database.')
output databaseName string = database.name
