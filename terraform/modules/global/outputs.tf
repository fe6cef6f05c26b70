output "coordinator_url" {
  description = "Base URL of the coordinators (region-sync API); pass it to every region module as coordinator_url."
  value       = local.coordinator_url
}

output "admin_api_url" {
  description = "Base URL of the coordinator admin API (/v1/rules, /v1/allocations); authenticate with the token in admin_token_secret_arn."
  value       = local.coordinator_url
}

output "coordinator_lb_dns_name" {
  description = "DNS name of the coordinator load balancer (publish coordinator_dns_name as an alias of it)."
  value       = aws_lb.coordinator.dns_name
}

output "coordinator_lb_zone_id" {
  description = "Route 53 zone id of the coordinator load balancer, for an alias record."
  value       = aws_lb.coordinator.zone_id
}

output "admin_token_secret_arn" {
  description = "Secrets Manager secret holding the admin API bearer token."
  value       = aws_secretsmanager_secret.admin_token.arn
}

output "sync_token_secret_arn" {
  description = "Secrets Manager secret (home region) holding the sync API token."
  value       = aws_secretsmanager_secret.sync_token.arn
}

output "sync_token" {
  description = "The sync API token itself, for the region modules' sync_token input (each region stores its own copy)."
  value       = random_password.sync_token.result
  sensitive   = true
}

output "etcd_endpoints" {
  description = "Client URLs of the etcd members (LEASEHOLD_ETCD_ENDPOINTS), resolvable inside the home VPC."
  value       = local.etcd_endpoints
}

output "etcd_instance_ids" {
  description = "EC2 instance ids of the etcd members, in member order (etcd-0, etcd-1, ...)."
  value       = aws_instance.etcd[*].id
}

output "etcd_security_group_id" {
  description = "Security group of the etcd members."
  value       = aws_security_group.etcd.id
}

output "coordinator_security_group_id" {
  description = "Security group of the coordinator tasks."
  value       = aws_security_group.coordinator.id
}

output "ecs_cluster_name" {
  description = "ECS cluster running the coordinators."
  value       = aws_ecs_cluster.this.name
}
