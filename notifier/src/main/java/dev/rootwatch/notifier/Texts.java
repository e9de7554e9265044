package dev.rootwatch.notifier;

import java.util.function.IntFunction;

/**
 * Text fitted for a receiver: control and format characters (newlines, terminal escapes, bidi
 * overrides) become spaces, a format's special characters are replaced by its escaper, and the
 * result is cut to the receiver's limit, ending in an ellipsis when cut. Cutting never splits an
 * escape sequence or a surrogate pair.
 */
final class Texts {

    static final String ELLIPSIS = "…";

    private Texts() {
    }

    /** Plain text: control and format characters as spaces, at most {@code max} chars. */
    static String plain(String text, int max) {
        return escape(text, max, cp -> null);
    }

    /**
     * @param escaper the replacement of a code point, or null to keep it as it is
     * @return the escaped text, at most {@code max} chars; empty for null
     */
    static String escape(String text, int max, IntFunction<String> escaper) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 16);
        int limit = max - ELLIPSIS.length();
        int lastFit = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            String piece = unsafe(cp) ? " " : escaper.apply(cp);
            if (piece == null) {
                out.appendCodePoint(cp);
            } else {
                out.append(piece);
            }
            if (out.length() <= limit) {
                lastFit = out.length();
            }
            if (out.length() > max) {
                out.setLength(lastFit);
                return out.append(ELLIPSIS).toString();
            }
        }
        return out.toString();
    }

    private static boolean unsafe(int cp) {
        return Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029 || Character.getType(cp) == Character.FORMAT;
    }
}
