// One user-assigned managed identity: every data-plane connection of the app authenticates as it.

@description('Required. Name of the identity.')
param name string

@description('Optional. Azure region.')
param location string = resourceGroup().location

@description('Optional. Tags.')
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('Name of the identity (also its PostgreSQL role name).')
output name string = identity.name

@description('Resource id of the identity.')
output resourceId string = identity.id

@description('Object (principal) id, for role assignments.')
output principalId string = identity.properties.principalId

@description('Client id, for DefaultAzureCredential and identity-based connections.')
output clientId string = identity.properties.clientId
