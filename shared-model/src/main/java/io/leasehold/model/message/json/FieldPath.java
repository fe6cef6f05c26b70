package io.leasehold.model.message.json;

import io.leasehold.model.message.MessageProblem;

/**
 * Where a value sits in a message, e.g. {@code reports[3].quota.key}. Rendered only when a problem
 * is reported, so valid messages pay one small object per list element and nothing per field.
 */
final class FieldPath {
  static final FieldPath ROOT = new FieldPath(null, null, -1);

  private final FieldPath parent;
  private final String name;
  private final int index;

  private FieldPath(FieldPath parent, String name, int index) {
    this.parent = parent;
    this.name = name;
    this.index = index;
  }

  FieldPath field(String fieldName) {
    return new FieldPath(this, fieldName, -1);
  }

  FieldPath element(int elementIndex) {
    return new FieldPath(this, null, elementIndex);
  }

  @Override
  public String toString() {
    if (parent == null) {
      return MessageProblem.ROOT;
    }
    StringBuilder out = new StringBuilder();
    appendTo(out);
    return out.toString();
  }

  private void appendTo(StringBuilder out) {
    if (parent == null) {
      return;
    }
    parent.appendTo(out);
    if (name == null) {
      out.append('[').append(index).append(']');
    } else {
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(name);
    }
  }
}
