package dev.rootwatch.notifier;

/**
 * Text for a Microsoft Teams Adaptive Card ({@code TextBlock} and {@code FactSet}, which render a
 * Markdown subset) from an untrusted source, inert: {@code & < >} as HTML entities (no
 * {@code <at>} mention, no markup), Markdown's {@code \ ` * _ [ ] ~} escaped with a backslash (no
 * bold, no {@code [text](url)} link), control characters as spaces.
 */
final class TeamsText {

    /** Room for a card's longer texts: Teams cards are limited to about 28 KB in all. */
    static final int TEXT_MAX = 2000;
    /** Room for one fact's value. */
    static final int FACT_MAX = 500;
    static final int TITLE_MAX = 200;

    private TeamsText() {
    }

    static String escape(String text, int max) {
        return Texts.escape(text, max, TeamsText::replacement);
    }

    private static String replacement(int cp) {
        return switch (cp) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '\\', '`', '*', '_', '[', ']', '~' -> "\\" + (char) cp;
            default -> null;
        };
    }
}
