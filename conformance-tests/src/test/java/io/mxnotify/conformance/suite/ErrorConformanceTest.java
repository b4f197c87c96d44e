package io.mxnotify.conformance.suite;

import io.mxnotify.conformance.spec.SpecCheck;
import io.mxnotify.conformance.target.ConformanceSuite;
import io.mxnotify.conformance.target.SpecVersion;
import io.mxnotify.conformance.target.HomeserverTarget;
import io.mxnotify.conformance.target.MatrixApi;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** The spec's rules for requests no endpoint handles: spec error JSON with {@code M_UNRECOGNIZED}, never a page. */
@ConformanceSuite
class ErrorConformanceTest {

    @Test
    @SpecVersion(value = "v1.6", what = "404/405 with M_UNRECOGNIZED for unknown endpoints and methods, MSC3743")
    void unknownEndpointIsUnrecognized(MatrixApi api, SpecCheck spec) {
        String path = MatrixApi.V3 + "/mxnotify_conformance_no_such_endpoint";
        spec.genericError("GET " + path, api.anonymous().get(path), 404, "M_UNRECOGNIZED");
    }

    @Test
    @SpecVersion(value = "v1.6", what = "404/405 with M_UNRECOGNIZED for unknown endpoints and methods, MSC3743")
    void unknownEndpointWithATokenIsUnrecognized(HomeserverTarget target, SpecCheck spec) {
        String path = MatrixApi.V3 + "/mxnotify_conformance_no_such_endpoint";
        spec.genericError("POST " + path, target.api().as(target.primary()).contentType("application/json").body("{}")
                .post(path), 404, "M_UNRECOGNIZED");
    }

    @Test
    @SpecVersion(value = "v1.6", what = "404/405 with M_UNRECOGNIZED for unknown endpoints and methods, MSC3743")
    void knownEndpointWithAnUnknownMethodIsUnrecognized(HomeserverTarget target, SpecCheck spec) {
        String path = MatrixApi.V3 + "/account/whoami";
        Response response = target.api().as(target.primary()).delete(path);
        spec.genericError("DELETE " + path, response, 405, "M_UNRECOGNIZED");
    }
}
