package io.mxnotify.testsupport.synapse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each installed release starts in both rate-limit settings, enforces (or not) its limits, and survives a restart. */
class SynapseServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest
    @EnumSource(SynapseRelease.class)
    void defaultRateLimitsRefuseTheFourthFailedLoginWithRetryAfter(SynapseRelease release) throws Exception {
        try (SynapseServer server = Synapses.start(release, SynapseOptions.of(RateLimits.DEFAULT))) {
            List<Integer> statuses = failedLogins(server, 5);
            assertEquals(429, statuses.get(statuses.size() - 1), "statuses of 5 failed logins: " + statuses);
        }
    }

    @ParameterizedTest
    @EnumSource(SynapseRelease.class)
    void limitsOffNeverAnswers429AndTheServerComesBackAfterAStop(SynapseRelease release) throws Exception {
        try (SynapseServer server = Synapses.start(release, SynapseOptions.of(RateLimits.OFF))) {
            assertEquals(List.of(403, 403, 403, 403, 403, 403, 403, 403), failedLogins(server, 8));
            String before = server.baseUrl();
            server.stop();
            server.start();
            assertEquals(before, server.baseUrl());
            assertEquals(200, get(server, "/_matrix/client/versions").statusCode());
        }
    }

    private List<Integer> failedLogins(SynapseServer server, int count) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                    + "/_matrix/client/v3/login")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"m.login.password\",\"identifier\":"
                            + "{\"type\":\"m.id.user\",\"user\":\"nobody\"},\"password\":\"wrong\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 429) {
                assertTrue(answer.body().contains("M_LIMIT_EXCEEDED"), answer.body());
            }
            statuses.add(answer.statusCode());
        }
        return statuses;
    }

    private HttpResponse<String> get(SynapseServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
