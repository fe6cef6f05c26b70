data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "coordinator_execution" {
  name_prefix        = "${var.name}-crd-exec-"
  description        = "ECS execution role of the Leasehold coordinators"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  tags               = local.common_tags
}

resource "aws_iam_role_policy_attachment" "coordinator_execution_managed" {
  role       = aws_iam_role.coordinator_execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

data "aws_iam_policy_document" "coordinator_secrets" {
  statement {
    sid       = "ReadCoordinatorSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.admin_token.arn, aws_secretsmanager_secret.sync_token.arn]
  }

  dynamic "statement" {
    for_each = var.kms_key_arn == null ? [] : [var.kms_key_arn]
    content {
      sid       = "DecryptCoordinatorSecrets"
      actions   = ["kms:Decrypt"]
      resources = [statement.value]
    }
  }
}

resource "aws_iam_role_policy" "coordinator_execution_secrets" {
  name   = "read-coordinator-secrets"
  role   = aws_iam_role.coordinator_execution.id
  policy = data.aws_iam_policy_document.coordinator_secrets.json
}

# The coordinator talks to etcd and its peers only; it needs no AWS permission at runtime.
resource "aws_iam_role" "coordinator_task" {
  name_prefix        = "${var.name}-crd-task-"
  description        = "Task role of the Leasehold coordinators (no permissions by default)"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  tags               = local.common_tags
}
