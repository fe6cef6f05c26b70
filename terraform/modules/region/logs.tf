resource "aws_cloudwatch_log_group" "aggregator" {
  name              = "/leasehold/${var.name}/${var.region}/aggregator"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = local.common_tags
}

resource "aws_cloudwatch_log_group" "edge" {
  name              = "/leasehold/${var.name}/${var.region}/edge"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = local.common_tags
}

resource "aws_cloudwatch_log_group" "redis_slow_log" {
  name              = "/leasehold/${var.name}/${var.region}/redis-slow-log"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = local.common_tags
}
