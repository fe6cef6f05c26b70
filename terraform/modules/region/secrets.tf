# ElastiCache rejects '@', '"' and '/' in auth tokens; alphanumerics avoid escaping in URLs too.
resource "random_password" "redis_auth_token" {
  length  = 64
  special = false
}

resource "aws_secretsmanager_secret" "redis_auth_token" {
  name_prefix = "${local.prefix}-redis-auth-"
  description = "AUTH token of the Leasehold regional Redis in ${var.region}."
  kms_key_id  = var.kms_key_arn
  tags        = local.common_tags
}

resource "aws_secretsmanager_secret_version" "redis_auth_token" {
  secret_id     = aws_secretsmanager_secret.redis_auth_token.id
  secret_string = random_password.redis_auth_token.result
}

# A regional copy of the global sync token: tasks in this region must start even when the home
# region (where the original lives) is unreachable.
resource "aws_secretsmanager_secret" "sync_token" {
  name_prefix = "${local.prefix}-sync-token-"
  description = "Leasehold sync API token (regional copy) used by edges and aggregators in ${var.region}."
  kms_key_id  = var.kms_key_arn
  tags        = local.common_tags
}

resource "aws_secretsmanager_secret_version" "sync_token" {
  secret_id     = aws_secretsmanager_secret.sync_token.id
  secret_string = var.sync_token
}
