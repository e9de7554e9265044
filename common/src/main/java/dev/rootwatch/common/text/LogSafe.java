package dev.rootwatch.common.text;

/**
 * Makes attacker-influenced text safe for one log line or one terminal line: control
 * characters (newlines, escape sequences) are written as {@code \\uXXXX} and the text is cut at
 * a maximum length.
 */
public final class LogSafe {

    private LogSafe() {
    }

    public static String escape(String text, int maxLength) {
        if (text == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(Math.min(text.length(), maxLength) + 8);
        for (int i = 0; i < text.length(); i++) {
            if (sb.length() >= maxLength) {
                sb.append("...(").append(text.length()).append(" chars)");
                break;
            }
            char c = text.charAt(i);
            if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || Character.getType(c) == Character.FORMAT) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    public static String escape(String text) {
        return escape(text, 512);
    }

    /** {@code text} with every control character escaped, at whatever length: for whole log messages. */
    public static String inert(String text) {
        return escape(text, Integer.MAX_VALUE);
    }
}
