resource "aws_elasticache_parameter_group" "redis" {
  name   = "quota-redis6"
  family = "redis6.x"
}

resource "aws_elasticache_replication_group" "redis" {
  replication_group_id       = "quota"
  description                = "Regional quota state"
  engine                     = "redis"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 1
  automatic_failover_enabled = true
  multi_az_enabled           = false
  transit_encryption_enabled = false
  transit_encryption_mode    = "preferred"
}
