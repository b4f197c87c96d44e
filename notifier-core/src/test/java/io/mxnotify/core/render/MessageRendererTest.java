package io.mxnotify.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageRendererTest {
    private final MessageRenderer renderer = new MessageRenderer();

    @Test
    void plainTextIsEscapedAndLineBreaksKept() {
        MessageContent c = renderer.render(Notification.of("disk <b>91%</b> & \"full\"\nsee 'df'"));
        assertEquals("m.notice", c.msgtype());
        assertEquals("disk <b>91%</b> & \"full\"\nsee 'df'", c.body());
        assertEquals("<p>disk &lt;b&gt;91%&lt;/b&gt; &amp; &quot;full&quot;<br/>see &#39;df&#39;</p>", c.formattedBody());
        assertEquals("org.matrix.custom.html", c.format());
    }

    @Test
    void subjectBodyAndLinkMakeTheMessage() {
        Notification n = Notification.of("backup failed").withSubject("<host1>").withLink(URI.create("https://ci.example.org/job?a=1&b=2"))
                .withMsgType(MsgType.TEXT);
        MessageContent c = renderer.render(n);
        assertEquals("m.text", c.msgtype());
        assertEquals("<host1>\n\nbackup failed\n\nhttps://ci.example.org/job?a=1&b=2", c.body());
        assertEquals("<p><strong>&lt;host1&gt;</strong></p><p>backup failed</p>"
                + "<p><a href=\"https://ci.example.org/job?a=1&amp;b=2\">https://ci.example.org/job?a=1&amp;b=2</a></p>", c.formattedBody());
        Map<String, Object> map = c.toMap();
        assertEquals(List.of("msgtype", "body", "format", "formatted_body"), List.copyOf(map.keySet()));
    }

    @Test
    void notificationValidation() {
        assertThrows(IllegalArgumentException.class, () -> Notification.of("  "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Notification.of("x").withLink(URI.create("javascript:alert(1)")));
        assertTrue(e.getMessage().contains("http, https or mailto"));
        assertEquals("s", new Notification("s", "", null, null, null).subject());
    }

    @Test
    void htmlInputIsSanitized() {
        Notification n = Notification.of("<p onclick=\"x()\">Hi <b>there</b><script>alert(1)</script>"
                + "<a href=\"javascript:evil()\">bad</a> <a href=\"https://ok.example/\" target=\"_blank\">good</a>"
                + "<img src=\"https://tracker/x.png\"><img src=\"mxc://b/abc\" alt=\"pic\"> &amp; &copy; &bogus; 1 < 2"
                + "<font color=\"red\" data-mx-color=\"#ff0000\">c</font><code class=\"language-java\">x</code><iframe src=x>y</iframe>")
                .withFormat(InputFormat.HTML);
        MessageContent c = renderer.render(n);
        assertEquals("<p>Hi <b>there</b><a>bad</a> <a href=\"https://ok.example/\" target=\"_blank\">good</a>"
                + "<img /><img src=\"mxc://b/abc\" alt=\"pic\" /> &amp; \u00A9 &amp;bogus; 1 &lt; 2"
                + "<font data-mx-color=\"#ff0000\">c</font><code class=\"language-java\">x</code></p>", c.formattedBody());
        assertEquals("Hi therebad good & \u00A9 &bogus; 1 < 2cx", c.body());
    }

    @Test
    void htmlTagsAreBalanced() {
        MessageContent c = renderer.render(Notification.of("<ul><li>a<li>b</ul></b></p><em>x").withFormat(InputFormat.HTML));
        assertEquals("<ul><li>a</li><li>b</li></ul><em>x</em>", c.formattedBody()); // as a browser parses it
    }

    @Test
    void markdownIsRenderedSafely() {
        String md = "# Title <x>\n\nSome **bold**, *em*, _em_, snake_case_name, `co<de>` and [link](https://e.org/a_b).\n"
                + "second line\n\n- one\n- two [bad](javascript:alert(1))\n\n1. first\n2. second\n\n"
                + "```sh\necho \"<hi>\"\n```\n\n> quoted *text*\n\n<script>alert(1)</script> <https://auto.example/x>";
        MessageContent c = renderer.render(Notification.of(md).withFormat(InputFormat.MARKDOWN));
        assertEquals(md, c.body());
        // CommonMark: a line that starts with <script> is an HTML block (to its end), shown as text as in Element
        assertEquals("<h1>Title &lt;x&gt;</h1>\n"
                + "<p>Some <strong>bold</strong>, <em>em</em>, <em>em</em>, snake_case_name, <code>co&lt;de&gt;</code> and "
                + "<a href=\"https://e.org/a_b\">link</a>.<br />second line</p>\n"
                + "<ul>\n<li>one</li>\n<li>two <a>bad</a></li>\n</ul>\n"
                + "<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n"
                + "<pre><code class=\"language-sh\">echo \"&lt;hi&gt;\"\n</code></pre>\n"
                + "<blockquote>\n<p>quoted <em>text</em></p>\n</blockquote>\n"
                + "&lt;script&gt;alert(1)&lt;/script&gt; &lt;https://auto.example/x&gt;\n",
                c.formattedBody());
    }

    @Test
    void oversizeIsRefusedWithAClearError() {
        String big = "x".repeat(70_000);
        MessageTooLargeException e = assertThrows(MessageTooLargeException.class, () -> renderer.render(Notification.of(big)));
        assertTrue(e.getMessage().contains("at most " + MessageRenderer.DEFAULT_MAX_CONTENT_BYTES), e.getMessage());
        assertTrue(e.contentBytes() > e.limitBytes());
    }

    @Test
    void oversizeCanBeSplitIntoMarkedParts() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            body.append("line ").append(i).append(" with <escaped> & \"quoted\" text\n");
        }
        Notification n = Notification.of(body.toString()).withSubject("report").withLink(URI.create("https://e.org"));
        List<MessageContent> parts = renderer.render(n, OversizePolicy.SPLIT);
        assertTrue(parts.size() >= 3, "parts: " + parts.size());
        StringBuilder rejoined = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            MessageContent p = parts.get(i);
            assertTrue(renderer.sizeOf(p) <= MessageRenderer.DEFAULT_MAX_CONTENT_BYTES);
            String heading = "report (" + (i + 1) + "/" + parts.size() + ")";
            assertTrue(p.body().startsWith(heading + "\n\n"), p.body().substring(0, 40));
            String text = p.body().substring(heading.length() + 2);
            if (i == parts.size() - 1) {
                assertTrue(text.endsWith("\n\nhttps://e.org"));
                text = text.substring(0, text.length() - "\n\nhttps://e.org".length());
            } else {
                assertFalse(p.body().contains("https://e.org"));
                assertTrue(text.endsWith("\n"), "cut at a line break");
            }
            rejoined.append(text);
        }
        assertEquals(body.toString(), rejoined.toString());
    }

    @Test
    void splittingNeverBreaksASurrogatePair() {
        MessageRenderer small = new MessageRenderer(1024);
        String body = "🔔".repeat(2000);
        List<MessageContent> parts = small.render(Notification.of(body), OversizePolicy.SPLIT);
        StringBuilder rejoined = new StringBuilder();
        for (MessageContent p : parts) {
            assertTrue(small.sizeOf(p) <= 1024);
            rejoined.append(p.body().substring(p.body().indexOf("\n\n") + 2));
        }
        assertEquals(body, rejoined.toString());
    }

    @Test
    void notificationsAndContentSurviveAJsonRoundTrip() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Notification n = Notification.of("b").withSubject("s").withLink(URI.create("https://e.org")).withFormat(InputFormat.HTML);
        assertEquals(n, json.readValue(json.writeValueAsString(n), Notification.class));
        assertEquals(Notification.of("b"), json.readValue("{\"body\":\"b\"}", Notification.class));
        MessageContent c = renderer.render(n);
        String text = json.writeValueAsString(c);
        assertTrue(text.contains("\"format\":\"org.matrix.custom.html\""), text);
        assertEquals(c, json.readValue(text, MessageContent.class));
        assertEquals(json.readTree(json.writeValueAsString(c.toMap())), json.readTree(text));
    }

    @Test
    void aNoteIsAppendedEscaped() {
        MessageContent c = renderer.render(Notification.of("hi")).withNote("queued since <10:00>");
        assertEquals("hi\n\nqueued since <10:00>", c.body());
        assertTrue(c.formattedBody().endsWith("<p><em>queued since &lt;10:00&gt;</em></p>"));
        assertNull(new MessageContent("m.notice", "x", null).format());
    }
}
