// Key Vault for the app's secrets, authorised with Azure RBAC only (no access policies).
// Secret values are not in the templates: the postprovision hook creates the JWT signing key and the
// token data key when they are absent, and never overwrites one (that would sign everyone out and
// make stored platform tokens unreadable).

@description('Required. Vault name (3-24 letters, digits and dashes; globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Optional. Azure region.')
param location string = resourceGroup().location

@description('Optional. Tags.')
param tags object = {}

@description('Optional. Days a deleted vault or secret can be recovered.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 90

@description('Optional. Role assignments on the vault: {principalId, principalType (optional: Azure looks the principal up without it), roleDefinitionId}.')
param roleAssignments array = []

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  // checkov:skip=CKV_AZURE_109: The Flex Consumption app has no virtual network here and is not a trusted service, so the firewall must allow it; access needs an Entra role (RBAC authorisation).
  // checkov:skip=CKV_AZURE_189: Same reason: the public endpoint stays on, and every read needs Key Vault Secrets User.
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    enablePurgeProtection: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource vaultRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for assignment in roleAssignments: {
  name: guid(vault.id, assignment.principalId, assignment.roleDefinitionId)
  scope: vault
  properties: {
    principalId: assignment.principalId
    principalType: assignment.?principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', assignment.roleDefinitionId)
  }
}]

@description('Name of the vault.')
output name string = vault.name

@description('Resource id of the vault.')
output resourceId string = vault.id

@description('Vault URI, with a trailing slash.')
output uri string = vault.properties.vaultUri
