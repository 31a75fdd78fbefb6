import Crypto
import Foundation
import NIOCore
import SwiftASN1
import X509

/// A certificate made at start for this machine's names and addresses, with its private key,
/// kept in memory only (`--tls-self-signed`): browsers allow the camera only over HTTPS (or on
/// localhost), and a phone on the LAN reaches the laptop by address. No browser trusts it, so
/// its SHA-256 fingerprint is shown for people to compare with what their browser warns about.
public struct SelfSignedIdentity: Sendable, Equatable {
    /// The certificate, PEM.
    public let certificatePEM: String
    /// Its private key (P-256), PEM; never written anywhere.
    public let privateKeyPEM: String
    /// SHA-256 of the certificate's DER bytes, as browsers show it: `AB:CD:…` (32 bytes).
    public let fingerprint: String
    /// The names and addresses it is valid for.
    public let dnsNames: [String]
    public let ipAddresses: [String]

    /// How long a made certificate is valid: a classroom's week, with an hour's grace before
    /// now for clocks that are a little behind.
    static let validity: TimeInterval = 7 * 24 * 3600
    static let grace: TimeInterval = 3600

    /// Makes a certificate for these names and addresses (IPv4 or IPv6, in text).
    /// - Throws: ``ServerStartError/tls(_:)``.
    public init(dnsNames: [String], ipAddresses: [String], now: Date = Date()) throws {
        let key = P256.Signing.PrivateKey()
        let certificateKey = Certificate.PrivateKey(key)
        var names: [GeneralName] = dnsNames.map { .dnsName($0) }
        for address in ipAddresses {
            guard let bytes = Self.addressBytes(address) else {
                throw ServerStartError.tls("cannot make a certificate for '\(address)': not an IP address")
            }
            names.append(.ipAddress(ASN1OctetString(contentBytes: bytes[...])))
        }
        do {
            let subject = try DistinguishedName {
                CommonName(dnsNames.first ?? ipAddresses.first ?? "signalbox")
                OrganizationName("Signalbox (self-signed)")
            }
            // No key usage extension: one without keyCertSign stops BoringSSL (NIOSSL, so this
            // process's own peer) from taking the certificate as its own issuer, and it then
            // trusts it nowhere, even named as the one root.
            let serverUse = try ExtendedKeyUsage([.serverAuth])
            let extensions = try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                serverUse
                SubjectAlternativeNames(names)
            }
            let certificate = try Certificate(
                version: .v3,
                serialNumber: Certificate.SerialNumber(),
                publicKey: certificateKey.publicKey,
                notValidBefore: now.addingTimeInterval(-Self.grace),
                notValidAfter: now.addingTimeInterval(Self.validity),
                issuer: subject,
                subject: subject,
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: extensions,
                issuerPrivateKey: certificateKey)
            let pem = try certificate.serializeAsPEM()
            certificatePEM = pem.pemString
            fingerprint = Self.fingerprint(ofDER: pem.derBytes)
        } catch {
            throw ServerStartError.tls("cannot make a self-signed certificate: \(error)")
        }
        privateKeyPEM = key.pemRepresentation
        self.dnsNames = dnsNames
        self.ipAddresses = ipAddresses
    }

    /// A certificate for every name and address of this machine (see ``machineNames()``).
    public static func forThisMachine(now: Date = Date()) throws -> SelfSignedIdentity {
        let (dnsNames, ipAddresses) = machineNames()
        return try SelfSignedIdentity(dnsNames: dnsNames, ipAddresses: ipAddresses, now: now)
    }

    /// localhost, the host name (and its `.local` mDNS name, which phones resolve), loopback in
    /// IPv4 and IPv6, and every address of every interface but IPv6 link-local ones, whose zone
    /// a certificate cannot carry.
    public static func machineNames() -> (dnsNames: [String], ipAddresses: [String]) {
        var dnsNames = ["localhost"]
        if let host = hostName() {
            dnsNames.append(host)
            if !host.contains(".") { dnsNames.append(host + ".local") }
        }
        var addresses = ["127.0.0.1", "::1"]
        for device in (try? System.enumerateDevices()) ?? [] {
            guard let address = device.address?.ipAddress, !address.contains("%"),
                  !address.lowercased().hasPrefix("fe80:"), !addresses.contains(address) else { continue }
            addresses.append(address)
        }
        return (dnsNames, addresses)
    }

    /// The host name, if it is one a certificate can carry (letters, digits, `-` and `.`).
    private static func hostName() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return nil }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).lowercased()
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-.")
        guard !name.isEmpty, name != "localhost", name.allSatisfy(allowed.contains) else { return nil }
        return name
    }

    /// The 4 or 16 bytes of an address in text.
    static func addressBytes(_ address: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, address, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }

    /// `AB:CD:…`: SHA-256 of `der` in upper-case hex pairs.
    public static func fingerprint(ofDER der: [UInt8]) -> String {
        SHA256.hash(data: der).map { String(format: "%02X", $0) }.joined(separator: ":")
    }
}
