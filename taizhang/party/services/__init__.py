"""The writes of the Double Hundred module, each checked, validated and audited."""
