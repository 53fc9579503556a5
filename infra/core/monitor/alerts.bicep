// Alerts on what needs a person: publishes failing, messages stuck in a poison queue, functions
// erroring, and PostgreSQL short of CPU. They notify an existing action group, or one created here
// for an email address; with neither they still fire and show in the portal.

@description('Required. Prefix of the alert names.')
param namePrefix string

@description('Optional. Azure region (log alerts are regional).')
param location string = resourceGroup().location

@description('Optional. Tags.')
param tags object = {}

@description('Required. Resource id of the Application Insights component the log alerts query.')
param applicationInsightsId string

@description('Required. Resource id of the PostgreSQL server.')
param postgresServerId string

@description('Optional. Resource id of an existing action group to notify.')
param actionGroupId string = ''

@description('Optional. Email address for a new action group (used when actionGroupId is empty).')
param alertEmailAddress string = ''

@description('Optional. Failed publishes in 15 minutes above which to alert.')
@minValue(0)
param failedPublishThreshold int = 10

@description('Optional. Share of failed function executions (percent) in 15 minutes above which to alert.')
@minValue(1)
@maxValue(100)
param functionErrorRatePercent int = 5

@description('Optional. Average PostgreSQL CPU (percent) over 15 minutes above which to alert.')
@minValue(1)
@maxValue(100)
param postgresCpuPercent int = 80

var createActionGroup = empty(actionGroupId) && !empty(alertEmailAddress)

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (createActionGroup) {
  name: '${namePrefix}-operators'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'ckoperators'
    enabled: true
    emailReceivers: [
      {
        name: 'operators'
        emailAddress: alertEmailAddress
        useCommonAlertSchema: true
      }
    ]
  }
}

var actionGroupIds = !empty(actionGroupId) ? [
  actionGroupId
] : createActionGroup ? [
  actionGroup.id
] : []

resource failedPublishes 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${namePrefix}-failed-publishes'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'Failed publishes above ${failedPublishThreshold} in 15 minutes'
    description: 'Targets that ended failed (permanent platform errors, exhausted retries, poison). The Workbook breaks them down by platform and error code.'
    severity: 2
    enabled: true
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "publish_outcomes" and tostring(customDimensions.outcome) == "failed" | summarize failed = sum(valueSum)'
          timeAggregation: 'Total'
          metricMeasureColumn: 'failed'
          operator: 'GreaterThan'
          threshold: failedPublishThreshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: actionGroupIds
    }
  }
}

resource poisonMessages 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${namePrefix}-poison-queue'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'A poison queue is not empty'
    description: 'Messages the host gave up on after maxDequeueCount. See the runbook: poison queue handling and re-drive.'
    severity: 2
    enabled: true
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "queue_depth" and tostring(customDimensions.queue) endswith "-poison" | summarize depth = max(valueMax) by queue = tostring(customDimensions.queue)'
          timeAggregation: 'Maximum'
          metricMeasureColumn: 'depth'
          dimensions: [
            {
              name: 'queue'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: actionGroupIds
    }
  }
}

resource functionErrors 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${namePrefix}-function-errors'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'Function error rate above ${functionErrorRatePercent}%'
    description: 'Failed executions (HTTP 5xx, timer and queue invocations that raised) as a share of all executions.'
    severity: 2
    enabled: true
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'requests | summarize total = count(), failed = countif(success == false) | where total >= 20 | project errorRate = 100.0 * failed / total'
          timeAggregation: 'Maximum'
          metricMeasureColumn: 'errorRate'
          operator: 'GreaterThan'
          threshold: functionErrorRatePercent
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: actionGroupIds
    }
  }
}

resource postgresCpu 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${namePrefix}-postgres-cpu'
  location: 'global'
  tags: tags
  properties: {
    description: 'PostgreSQL CPU above ${postgresCpuPercent}% on average for 15 minutes: scale the SKU up or lower the pool ceiling (runbook: scaling knobs).'
    severity: 2
    enabled: true
    scopes: [
      postgresServerId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          name: 'cpu'
          criterionType: 'StaticThresholdCriterion'
          metricNamespace: 'Microsoft.DBforPostgreSQL/flexibleServers'
          metricName: 'cpu_percent'
          operator: 'GreaterThan'
          threshold: postgresCpuPercent
          timeAggregation: 'Average'
        }
      ]
    }
    autoMitigate: true
    actions: [for id in actionGroupIds: {
      actionGroupId: id
    }]
  }
}

@description('Action groups the alerts notify.')
output actionGroupIds array = actionGroupIds
