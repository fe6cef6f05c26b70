output "aggregator_url" {
  description = "URL edges in this region use to reach the aggregators (LEASEHOLD_AGGREGATOR_URL)."
  value       = local.aggregator_url
}

output "aggregator_lb_dns_name" {
  description = "DNS name of the internal NLB in front of the aggregators."
  value       = aws_lb.aggregator.dns_name
}

output "aggregator_lb_security_group_id" {
  description = "Security group of the aggregator NLB (ingress only from edge_security_group_ids)."
  value       = aws_security_group.aggregator_lb.id
}

output "aggregator_security_group_id" {
  description = "Security group of the aggregator tasks."
  value       = aws_security_group.aggregator.id
}

output "ecs_cluster_name" {
  description = "ECS cluster running the aggregators."
  value       = aws_ecs_cluster.this.name
}

output "aggregator_service_name" {
  description = "ECS service name of the aggregators."
  value       = aws_ecs_service.aggregator.name
}

output "redis_primary_endpoint_address" {
  description = "Primary endpoint of the regional Redis (TLS, AUTH required)."
  value       = aws_elasticache_replication_group.redis.primary_endpoint_address
}

output "redis_reader_endpoint_address" {
  description = "Reader endpoint of the regional Redis."
  value       = aws_elasticache_replication_group.redis.reader_endpoint_address
}

output "redis_auth_token_secret_arn" {
  description = "Secrets Manager secret holding the Redis AUTH token."
  value       = aws_secretsmanager_secret.redis_auth_token.arn
}

output "sync_token_secret_arn" {
  description = "Secrets Manager secret (in this region) holding the sync token edges present to aggregators."
  value       = aws_secretsmanager_secret.sync_token.arn
}

output "edge_sidecar_secrets_policy_arn" {
  description = "IAM policy to attach to the execution role of every application task that runs the edge sidecar (reads the sync token)."
  value       = aws_iam_policy.edge_sidecar_secrets.arn
}

output "edge_sidecar_log_group_name" {
  description = "CloudWatch log group the edge sidecar fragment logs to."
  value       = aws_cloudwatch_log_group.edge.name
}

output "edge_sidecar_container_definition" {
  description = "ECS container definition of the edge sidecar for this region: add it to the application's container_definitions (jsonencode(concat([app], [this]))) and route the application's traffic to edge_listen_port."
  value = {
    name       = "leasehold-edge"
    image      = var.leasehold_image
    essential  = true
    entryPoint = ["leasehold"]
    command    = ["edge"]
    portMappings = [{
      name          = "leasehold-edge"
      containerPort = var.edge_listen_port
      protocol      = "tcp"
    }]
    environment = [
      { name = "LEASEHOLD_AGGREGATOR_URL", value = local.aggregator_url },
      { name = "LEASEHOLD_UPSTREAM", value = "http://127.0.0.1:${var.edge_app_port}" },
      { name = "LEASEHOLD_LISTEN_PORT", value = tostring(var.edge_listen_port) },
    ]
    secrets = [
      { name = "LEASEHOLD_SYNC_TOKEN", valueFrom = aws_secretsmanager_secret.sync_token.arn },
    ]
    healthCheck = {
      command     = ["CMD-SHELL", "${var.http_probe_command} http://127.0.0.1:${var.edge_listen_port}/healthz || exit 1"]
      interval    = 10
      timeout     = 3
      retries     = 3
      startPeriod = 20
    }
    mountPoints = []
    volumesFrom = []
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        "awslogs-group"         = aws_cloudwatch_log_group.edge.name
        "awslogs-region"        = var.region
        "awslogs-stream-prefix" = "edge"
      }
    }
  }
}
