package dev.rootwatch.notifier;

/**
 * Text for Slack, inert. {@link #escape}, for text an attacker may have written (into {@code mrkdwn}):
 * {@code & < >} become {@code &amp; &lt; &gt;} as Slack asks, so no {@code <!channel>},
 * {@code <!here>}, {@code <@U123>} mention and no {@code <url|text>} link can form; the formatting
 * characters {@code * _ ~ `}, which mrkdwn cannot escape, become look-alikes (∗ ˍ ∼ ˋ); control
 * characters become spaces. {@link #plain}, for rootwatch's own words and for {@code plain_text},
 * which Slack does not format: only {@code & < >} and control characters, so names such as
 * {@code ROOT_CONSOLE_LOGIN} keep their underscores. {@link #code}: rootwatch's identifiers inside
 * {@code mrkdwn}, as a code span, where underscores format nothing.
 */
final class SlackText {

    /** Slack's limit for a section's text. */
    static final int SECTION_MAX = 3000;
    /** Slack's limit for a header block's text. */
    static final int HEADER_MAX = 150;
    /** Slack's limit for one section field. */
    static final int FIELD_MAX = 2000;

    private SlackText() {
    }

    static String escape(String text, int max) {
        return Texts.escape(text, max, SlackText::replacement);
    }

    static String plain(String text, int max) {
        return Texts.escape(text, max, SlackText::entity);
    }

    /** A code span of one of rootwatch's identifiers (alert type, id, fingerprint). */
    static String code(String identifier, int max) {
        return "`" + Texts.escape(identifier, max - 2, cp -> cp == '`' ? "\u02cb" : entity(cp)) + "`";
    }

    private static String entity(int cp) {
        return switch (cp) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            default -> null;
        };
    }

    private static String replacement(int cp) {
        return switch (cp) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '*' -> "\u2217";
            case '_' -> "\u02cd";
            case '~' -> "\u223c";
            case '`' -> "\u02cb";
            default -> null;
        };
    }
}
