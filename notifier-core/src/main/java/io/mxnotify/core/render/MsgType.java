package io.mxnotify.core.render;

/** The {@code msgtype} of a notification message. */
public enum MsgType {
    /** {@code m.notice}: an automated message; clients show it subdued and bots must not answer it. The default. */
    NOTICE("m.notice"),
    /** {@code m.text}: an ordinary message, as if a person wrote it. */
    TEXT("m.text");

    private final String wireName;

    MsgType(String wireName) {
        this.wireName = wireName;
    }

    /** The value of the {@code msgtype} field. */
    public String wireName() {
        return wireName;
    }
}
