package io.mxnotify.fakehs.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.fakehs.ActiveFault;
import io.mxnotify.fakehs.FaultKind;
import io.mxnotify.fakehs.FaultRule;

/** {@code /_fake/v1/faults}: add, list, remove and clear fault rules; list the fault kinds. */
public final class FaultEndpoints {
    private final JsonCodec json;
    private final FaultEngine faults;

    public FaultEndpoints(JsonCodec json, FaultEngine faults) {
        this.json = json;
        this.faults = faults;
    }

    /** {@code POST /_fake/v1/faults}: one rule object, answers its id. */
    public Reply add(Call call) {
        ObjectNode request = call.jsonObject();
        FaultRule rule;
        try {
            rule = FaultRuleJson.parse(request);
        } catch (IllegalArgumentException e) {
            throw MatrixError.badJson("Invalid fault rule: " + e.getMessage());
        }
        String id = faults.add(rule);
        ObjectNode body = json.object();
        body.put("id", id);
        body.set("rule", FaultRuleJson.write(json, rule));
        return Reply.ok(body);
    }

    public Reply list(Call call) {
        ObjectNode body = json.object();
        ArrayNode array = body.putArray("faults");
        for (ActiveFault fault : faults.list()) {
            ObjectNode node = FaultRuleJson.write(json, fault.rule());
            node.put("id", fault.id());
            node.put("fired", fault.fired());
            node.put("skipped", fault.skipped());
            if (fault.remaining() != null) {
                node.put("remaining", fault.remaining());
            } else {
                node.putNull("remaining");
            }
            array.add(node);
        }
        return Reply.ok(body);
    }

    public Reply clear(Call call) {
        faults.clear();
        return Reply.ok(json.object());
    }

    public Reply remove(Call call) {
        if (!faults.remove(call.param("id"))) {
            throw MatrixError.notFound("No fault rule " + HomeserverState.abbreviate(call.param("id")));
        }
        return Reply.ok(json.object());
    }

    /** {@code GET /_fake/v1/faults/kinds}: every kind with the real failure it imitates. */
    public Reply kinds(Call call) {
        ObjectNode body = json.object();
        ArrayNode kinds = body.putArray("kinds");
        for (FaultKind kind : FaultKind.values()) {
            kinds.addObject().put("kind", kind.jsonName()).put("description", kind.description());
        }
        return Reply.ok(body);
    }
}
