/* never closed
locals {}
