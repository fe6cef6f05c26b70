data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

# Execution role: what ECS itself needs to start an aggregator (pull the image, write logs, read
# the two secrets it injects).
resource "aws_iam_role" "aggregator_execution" {
  name_prefix        = "${var.name}-agg-exec-"
  description        = "ECS execution role of the Leasehold aggregators in ${var.region}"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  tags               = local.common_tags
}

resource "aws_iam_role_policy_attachment" "aggregator_execution_managed" {
  role       = aws_iam_role.aggregator_execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

data "aws_iam_policy_document" "aggregator_secrets" {
  statement {
    sid       = "ReadAggregatorSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.redis_auth_token.arn, aws_secretsmanager_secret.sync_token.arn]
  }

  dynamic "statement" {
    for_each = var.kms_key_arn == null ? [] : [var.kms_key_arn]
    content {
      sid       = "DecryptAggregatorSecrets"
      actions   = ["kms:Decrypt"]
      resources = [statement.value]
    }
  }
}

resource "aws_iam_role_policy" "aggregator_execution_secrets" {
  name   = "read-aggregator-secrets"
  role   = aws_iam_role.aggregator_execution.id
  policy = data.aws_iam_policy_document.aggregator_secrets.json
}

# Task role: the aggregator calls no AWS API at runtime, so the role carries no permissions; it
# exists so operators can grant some (e.g. ECS Exec) without touching the task definition.
resource "aws_iam_role" "aggregator_task" {
  name_prefix        = "${var.name}-agg-task-"
  description        = "Task role of the Leasehold aggregators in ${var.region} (no permissions by default)"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  tags               = local.common_tags
}

# For the applications' execution roles: lets ECS inject the sync token into the edge sidecar.
data "aws_iam_policy_document" "edge_sidecar_secrets" {
  statement {
    sid       = "ReadEdgeSyncToken"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.sync_token.arn]
  }

  dynamic "statement" {
    for_each = var.kms_key_arn == null ? [] : [var.kms_key_arn]
    content {
      sid       = "DecryptEdgeSyncToken"
      actions   = ["kms:Decrypt"]
      resources = [statement.value]
    }
  }
}

resource "aws_iam_policy" "edge_sidecar_secrets" {
  name_prefix = "${var.name}-edge-secrets-"
  description = "Attach to the ECS execution role of every task that runs the Leasehold edge sidecar in ${var.region}"
  policy      = data.aws_iam_policy_document.edge_sidecar_secrets.json
  tags        = local.common_tags
}
