package dev.rootwatch.notifier;

/**
 * Text for Slack's {@code mrkdwn} (and its {@code plain_text}) from an untrusted source, inert:
 * {@code & < >} become {@code &amp; &lt; &gt;} as Slack asks, so no {@code <!channel>},
 * {@code <!here>}, {@code <@U123>} mention and no {@code <url|text>} link can form; the formatting
 * characters {@code * _ ~ `}, which mrkdwn cannot escape, become look-alikes
 * (∗ ˍ ∼ ˋ); control characters become spaces.
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
