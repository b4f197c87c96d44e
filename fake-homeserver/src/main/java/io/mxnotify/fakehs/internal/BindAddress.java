package io.mxnotify.fakehs.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** What a bind address exposes: whether it is loopback only, and the addresses clients can reach it on. */
public final class BindAddress {
    private BindAddress() {
    }

    /** Whether binding this address keeps the server on this machine (127.0.0.0/8, ::1, localhost). */
    public static boolean isLoopback(String bindAddress) {
        if (bindAddress.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(bindAddress).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false; // Jetty fails to bind it anyway
        }
    }

    /** A new random admin token: 32 bytes, base64url. */
    public static String newAdminToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** {@code example.org:8448} -> {@code example.org}; {@code [::1]:8448} -> {@code [::1]}; lower case. */
    public static String hostOf(String serverName) {
        return AdminAccess.hostPart(serverName);
    }

    /**
     * The addresses (URL host form: IPv6 in brackets) a server bound to {@code bindAddress} answers on:
     * the address itself, or for a wildcard every address of the interfaces that are up, loopback first.
     */
    public static List<String> reachableAddresses(String bindAddress) {
        InetAddress bound;
        try {
            bound = InetAddress.getByName(bindAddress);
        } catch (UnknownHostException e) {
            return List.of(bindAddress);
        }
        if (!bound.isAnyLocalAddress()) {
            return List.of(urlHost(bound.getHostAddress()));
        }
        List<String> loopback = new ArrayList<>();
        List<String> others = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    boolean ipv6 = address instanceof Inet6Address;
                    if (ipv6 && (bound.getAddress().length == 4 || address.isLinkLocalAddress())) {
                        continue; // 0.0.0.0 binds IPv4 only; link-local IPv6 needs a zone a URL cannot carry well
                    }
                    String host = urlHost(address.getHostAddress());
                    (address.isLoopbackAddress() ? loopback : others).add(host);
                }
            }
        } catch (SocketException e) {
            return List.of(urlHost(bindAddress));
        }
        List<String> all = new ArrayList<>(loopback);
        all.addAll(others);
        return all.isEmpty() ? List.of(urlHost(bindAddress)) : all;
    }

    private static String urlHost(String address) {
        String plain = address.contains("%") ? address.substring(0, address.indexOf('%')) : address;
        return plain.contains(":") ? "[" + plain.toLowerCase(Locale.ROOT) + "]" : plain;
    }
}
