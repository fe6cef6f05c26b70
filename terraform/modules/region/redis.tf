resource "aws_elasticache_subnet_group" "redis" {
  name        = "${local.prefix}-redis"
  description = "Leasehold regional Redis subnets"
  subnet_ids  = var.private_subnet_ids
  tags        = local.common_tags
}

resource "aws_elasticache_parameter_group" "redis" {
  name        = "${local.prefix}-redis7"
  family      = "redis7"
  description = "Leasehold regional quota state"

  parameter {
    name  = "maxmemory-policy"
    value = var.redis_maxmemory_policy
  }

  tags = local.common_tags
}

# Cluster mode disabled: the aggregator's scripts touch keys of one quota at a time and every key is
# hash-tagged, so moving to cluster mode later needs no data model change.
resource "aws_elasticache_replication_group" "redis" {
  replication_group_id = "${var.name}-${replace(var.region, "-", "")}"
  description          = "Leasehold regional quota state for ${var.region}"

  engine               = "redis"
  engine_version       = var.redis_engine_version
  node_type            = var.redis_node_type
  port                 = 6379
  parameter_group_name = aws_elasticache_parameter_group.redis.name
  subnet_group_name    = aws_elasticache_subnet_group.redis.name
  security_group_ids   = [aws_security_group.redis.id]

  num_cache_clusters         = var.redis_num_cache_clusters
  automatic_failover_enabled = true
  multi_az_enabled           = true

  at_rest_encryption_enabled = true
  kms_key_id                 = var.kms_key_arn
  transit_encryption_enabled = true
  transit_encryption_mode    = "required"
  auth_token                 = random_password.redis_auth_token.result

  snapshot_retention_limit   = var.redis_snapshot_retention_days
  snapshot_window            = var.redis_snapshot_window
  maintenance_window         = var.redis_maintenance_window
  auto_minor_version_upgrade = true
  apply_immediately          = false

  log_delivery_configuration {
    destination      = aws_cloudwatch_log_group.redis_slow_log.name
    destination_type = "cloudwatch-logs"
    log_format       = "json"
    log_type         = "slow-log"
  }

  tags = local.common_tags
}
