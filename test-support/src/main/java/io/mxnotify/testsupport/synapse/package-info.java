/**
 * A real Synapse home server for tests: {@link io.mxnotify.testsupport.synapse.Synapses#require} finds an
 * installation made by {@code .ci/setup.d/synapse.sh} (or skips the test, or fails it in CI), and
 * {@link io.mxnotify.testsupport.synapse.SynapseServer} runs it on a free 127.0.0.1 port with a fresh
 * SQLite database.
 */
package io.mxnotify.testsupport.synapse;
