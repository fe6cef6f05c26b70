# Traffic allowed in a region, and nothing else:
#   edge SGs --aggregator_port--> NLB --aggregator_port--> aggregator tasks --6379--> Redis
#   aggregator tasks --coordinator_port--> coordinators;  aggregator tasks --443--> AWS APIs, ECR

resource "aws_security_group" "aggregator_lb" {
  name_prefix = "${local.prefix}-aggregator-lb-"
  description = "Leasehold aggregator NLB: reachable only from edge security groups"
  vpc_id      = var.vpc_id
  tags        = merge(local.common_tags, { Name = "${local.prefix}-aggregator-lb" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group" "aggregator" {
  name_prefix = "${local.prefix}-aggregator-"
  description = "Leasehold aggregator tasks: reachable only through the aggregator NLB"
  vpc_id      = var.vpc_id
  tags        = merge(local.common_tags, { Name = "${local.prefix}-aggregator" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group" "redis" {
  name_prefix = "${local.prefix}-redis-"
  description = "Leasehold regional Redis: reachable only from aggregator tasks"
  vpc_id      = var.vpc_id
  tags        = merge(local.common_tags, { Name = "${local.prefix}-redis" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "lb_from_edges" {
  for_each = toset(var.edge_security_group_ids)

  security_group_id            = aws_security_group.aggregator_lb.id
  description                  = "Edge sidecars to the aggregator endpoint"
  referenced_security_group_id = each.value
  ip_protocol                  = "tcp"
  from_port                    = var.aggregator_port
  to_port                      = var.aggregator_port
}

resource "aws_vpc_security_group_egress_rule" "lb_to_aggregators" {
  security_group_id            = aws_security_group.aggregator_lb.id
  description                  = "NLB to aggregator tasks (traffic and health checks)"
  referenced_security_group_id = aws_security_group.aggregator.id
  ip_protocol                  = "tcp"
  from_port                    = var.aggregator_port
  to_port                      = var.aggregator_port
}

resource "aws_vpc_security_group_ingress_rule" "aggregator_from_lb" {
  security_group_id            = aws_security_group.aggregator.id
  description                  = "Aggregator NLB to aggregator tasks"
  referenced_security_group_id = aws_security_group.aggregator_lb.id
  ip_protocol                  = "tcp"
  from_port                    = var.aggregator_port
  to_port                      = var.aggregator_port
}

resource "aws_vpc_security_group_egress_rule" "aggregator_to_redis" {
  security_group_id            = aws_security_group.aggregator.id
  description                  = "Aggregator tasks to the regional Redis"
  referenced_security_group_id = aws_security_group.redis.id
  ip_protocol                  = "tcp"
  from_port                    = aws_elasticache_replication_group.redis.port
  to_port                      = aws_elasticache_replication_group.redis.port
}

resource "aws_vpc_security_group_egress_rule" "aggregator_to_coordinator" {
  for_each = toset(var.coordinator_cidr_blocks)

  security_group_id = aws_security_group.aggregator.id
  description       = "Aggregator tasks to the global coordinators"
  cidr_ipv4         = each.value
  ip_protocol       = "tcp"
  from_port         = var.coordinator_port
  to_port           = var.coordinator_port
}

resource "aws_vpc_security_group_egress_rule" "aggregator_to_aws_apis" {
  security_group_id = aws_security_group.aggregator.id
  description       = "Aggregator tasks to ECR, Secrets Manager and CloudWatch Logs (HTTPS)"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}

resource "aws_vpc_security_group_ingress_rule" "redis_from_aggregators" {
  security_group_id            = aws_security_group.redis.id
  description                  = "Aggregator tasks to Redis"
  referenced_security_group_id = aws_security_group.aggregator.id
  ip_protocol                  = "tcp"
  from_port                    = aws_elasticache_replication_group.redis.port
  to_port                      = aws_elasticache_replication_group.redis.port
}
