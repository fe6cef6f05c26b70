resource "random_password" "admin_token" {
  length  = 48
  special = false
}

resource "random_password" "sync_token" {
  length  = 48
  special = false
}

resource "aws_secretsmanager_secret" "admin_token" {
  name_prefix             = "${var.name}-admin-token-"
  description             = "Bearer token of the Leasehold coordinator admin API (rules, allocations, debug)."
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.secret_recovery_window_days
  tags                    = local.common_tags
}

resource "aws_secretsmanager_secret_version" "admin_token" {
  secret_id     = aws_secretsmanager_secret.admin_token.id
  secret_string = random_password.admin_token.result
}

resource "aws_secretsmanager_secret" "sync_token" {
  name_prefix             = "${var.name}-sync-token-"
  description             = "Bearer token of the Leasehold sync APIs (edge -> aggregator -> coordinator). Each region keeps its own copy."
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.secret_recovery_window_days
  tags                    = local.common_tags
}

resource "aws_secretsmanager_secret_version" "sync_token" {
  secret_id     = aws_secretsmanager_secret.sync_token.id
  secret_string = random_password.sync_token.result
}
