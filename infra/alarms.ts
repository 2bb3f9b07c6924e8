/**
 * The stage's alarms (infra/alarm-definitions.ts) and the SNS topic they notify, with one e-mail
 * subscription per ALARM_EMAIL address (each recipient confirms it once, from the e-mail AWS sends).
 * A stage without ALARM_EMAIL gets none of them: alarms nobody hears about are noise.
 */
import { alarmDefinitions, type AlarmTargets } from "./alarm-definitions";

/** Resource names stay stable per address, so editing the list leaves the other subscriptions alone. */
function subscriptionName(email: string): string {
  return `AlarmEmail-${email.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
}

export function createAlarms(emails: readonly string[], targets: AlarmTargets<$util.Input<string>>): aws.sns.Topic | undefined {
  if (emails.length === 0) return undefined;
  const topic = new aws.sns.Topic("AlarmTopic", { displayName: `${targets.app} ${targets.stage} alarms` });
  for (const email of emails) {
    new aws.sns.TopicSubscription(subscriptionName(email), { topic: topic.arn, protocol: "email", endpoint: email });
  }
  // Field by field, not spread: so the type-check names any field MetricAlarm does not know.
  for (const { resourceName, args } of alarmDefinitions(targets)) {
    new aws.cloudwatch.MetricAlarm(resourceName, {
      name: args.name,
      alarmDescription: args.alarmDescription,
      comparisonOperator: args.comparisonOperator,
      threshold: args.threshold,
      evaluationPeriods: args.evaluationPeriods,
      datapointsToAlarm: args.datapointsToAlarm,
      treatMissingData: args.treatMissingData,
      metricQueries: args.metricQueries.map(({ id, expression, label, returnData, metric }) => ({
        id,
        expression,
        label,
        returnData,
        metric: metric && {
          namespace: metric.namespace,
          metricName: metric.metricName,
          dimensions: { ...metric.dimensions },
          stat: metric.stat,
          period: metric.period,
        },
      })),
      // OK actions too: the recipients also learn when it is over.
      alarmActions: [topic.arn],
      okActions: [topic.arn],
    });
  }
  return topic;
}
