#!/usr/bin/env bash
# LocalStack start-up for rootwatch's compose profile: a queue and a trail bucket, then the demo
# scenario's CloudTrail files uploaded and announced on the queue as S3 notifications.
set -euo pipefail
awslocal s3 mb s3://rootwatch-demo-trail
awslocal sqs create-queue --queue-name rootwatch-cloudtrail
queue_url=$(awslocal sqs get-queue-url --queue-name rootwatch-cloudtrail --query QueueUrl --output text)
for f in /demo/0*.json /demo/0*.jsonl; do
  key="AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/01/$(basename "$f")"
  awslocal s3 cp "$f" "s3://rootwatch-demo-trail/$key"
  awslocal sqs send-message --queue-url "$queue_url" --message-body \
    "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"rootwatch-demo-trail\"},\"object\":{\"key\":\"$key\"}}}]}"
done
