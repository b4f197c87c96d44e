"""libolm (Debian's python3-olm) as an oracle for notifier-core's Java Olm and Megolm.

Reads one JSON request on standard input, writes one JSON answer on standard output:
  {"op": "account"}                       -> a new account with one one-time key, and its pickle
  {"op": "olm_decrypt", "pickle", "sender_key", "messages": [{"type", "body"}]}
                                          -> the plaintexts, the first message building the inbound session
  {"op": "megolm_decrypt", "session_key", "ciphertexts": [...]}
                                          -> the session id and each (plaintext, index)
  {"op": "verify_json", "object", "user_id", "device_id", "key"}
                                          -> whether the object's signature verifies over Python's canonical JSON
A failure of libolm is answered as {"error": "..."} with exit status 0, so the test can say what libolm said.
"""
import json
import sys

import olm


def account(_):
    acc = olm.Account()
    acc.generate_one_time_keys(1)
    otk = list(acc.one_time_keys["curve25519"].values())[0]
    acc.mark_keys_as_published()
    return {"curve25519": acc.identity_keys["curve25519"], "ed25519": acc.identity_keys["ed25519"],
            "one_time_key": otk, "pickle": acc.pickle("oracle").decode("ascii")}


def olm_decrypt(req):
    acc = olm.Account.from_pickle(req["pickle"].encode("ascii"), "oracle")
    session = None
    out = []
    for message in req["messages"]:
        if message["type"] == 0:
            msg = olm.OlmPreKeyMessage(message["body"])
            if session is None:
                session = olm.InboundSession(acc, msg, req["sender_key"])
                acc.remove_one_time_keys(session)
            elif not session.matches(msg, req["sender_key"]):
                return {"error": "a later pre-key message does not match the session"}
        else:
            msg = olm.OlmMessage(message["body"])
        out.append(session.decrypt(msg))
    return {"plaintexts": out}


def megolm_decrypt(req):
    session = olm.InboundGroupSession(req["session_key"])
    out = []
    for ciphertext in req["ciphertexts"]:
        plaintext, index = session.decrypt(ciphertext)
        out.append({"plaintext": plaintext, "index": index})
    return {"session_id": session.id, "first_known_index": session.first_known_index, "messages": out}


def verify_json(req):
    obj = dict(req["object"])
    signature = obj["signatures"][req["user_id"]]["ed25519:" + req["device_id"]]
    obj.pop("signatures", None)
    obj.pop("unsigned", None)
    canonical = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    try:
        olm.ed25519_verify(req["key"], canonical, signature)
        return {"valid": True, "canonical": canonical}
    except olm.OlmVerifyError as e:
        return {"valid": False, "canonical": canonical, "error": str(e)}


OPS = {"account": account, "olm_decrypt": olm_decrypt, "megolm_decrypt": megolm_decrypt, "verify_json": verify_json}

if __name__ == "__main__":
    request = json.load(sys.stdin)
    try:
        answer = OPS[request["op"]](request)
    except (olm.OlmSessionError, olm.OlmGroupSessionError, olm.OlmAccountError, ValueError, KeyError) as e:
        answer = {"error": type(e).__name__ + ": " + str(e)}
    json.dump(answer, sys.stdout)
