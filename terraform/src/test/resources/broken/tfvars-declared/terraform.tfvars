name = "leasehold"
nmae = "typo"
tags = {
  team = "nested keys are values, not variables"
}
