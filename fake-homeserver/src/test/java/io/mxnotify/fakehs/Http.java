package io.mxnotify.fakehs;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** REST Assured requests against a fake, with paths sent exactly as written (no re-encoding). */
final class Http {
    private Http() {
    }

    static RequestSpecification to(FakeHomeserver fake) {
        return given().baseUri(fake.baseUrl()).urlEncodingEnabled(false).contentType(ContentType.JSON);
    }

    static RequestSpecification as(FakeHomeserver fake, FakeUser user) {
        return to(fake).header("Authorization", "Bearer " + user.accessToken());
    }

    /** {@code !abc:localhost} as one path segment: {@code %21abc%3Alocalhost}. */
    static String seg(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
