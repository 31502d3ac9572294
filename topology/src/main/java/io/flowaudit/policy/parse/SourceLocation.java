package io.flowaudit.policy.parse;

/**
 * Where a problem sits: file, 0-based YAML document index, 1-based line and column (0 when unknown).
 */
public record SourceLocation(String file, int document, int line, int column) {
    @Override
    public String toString() {
        return file + " (document " + document + ", line " + line + (column > 0 ? ", column " + column : "") + ")";
    }
}
