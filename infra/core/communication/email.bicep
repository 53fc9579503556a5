// Azure Communication Services Email with an Azure-managed sender domain (DoNotReply@<id>.azurecomm.net,
// no DNS work). The app sends with its managed identity, so it is given the one built-in role that
// allows sending; no connection string is handed out.

@description('Required. Communication Services resource name.')
param name string

@description('Required. Email Communication Services resource name.')
param emailServiceName string

@description('Optional. Tags.')
param tags object = {}

@description('Optional. Where Communication Services keeps data at rest, e.g. United States, Europe, UK.')
param dataLocation string = 'United States'

@description('Optional. Role assignments on the Communication Services resource: {principalId, principalType (optional: Azure looks the principal up without it), roleDefinitionId}.')
param roleAssignments array = []

resource emailService 'Microsoft.Communication/emailServices@2023-04-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

resource managedDomain 'Microsoft.Communication/emailServices/domains@2023-04-01' = {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource communication 'Microsoft.Communication/communicationServices@2023-04-01' = {
  name: name
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: [
      managedDomain.id
    ]
  }
}

resource communicationRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for assignment in roleAssignments: {
  name: guid(communication.id, assignment.principalId, assignment.roleDefinitionId)
  scope: communication
  properties: {
    principalId: assignment.principalId
    principalType: assignment.?principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', assignment.roleDefinitionId)
  }
}]

@description('Endpoint the app sends through (ACS_ENDPOINT).')
output endpoint string = 'https://${communication.properties.hostName}'

@description('Sender address of the managed domain.')
output senderAddress string = 'DoNotReply@${managedDomain.properties.mailFromSenderDomain}'
