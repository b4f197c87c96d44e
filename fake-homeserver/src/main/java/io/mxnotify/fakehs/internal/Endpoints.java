package io.mxnotify.fakehs.internal;

/** The handler objects the route table points into, created once per server. */
public record Endpoints(DiscoveryEndpoints discovery, SessionEndpoints sessions, RegistrationEndpoints registration,
                        RoomEndpoints rooms, SyncEndpoint sync, ControlEndpoints control,
                        FaultEndpoints faults, JournalEndpoints journal, KeysEndpoints keys) {
}
