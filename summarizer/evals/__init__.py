"""The eval suite: gold datasets, metrics, the validator's mutation benchmark, the runner."""
