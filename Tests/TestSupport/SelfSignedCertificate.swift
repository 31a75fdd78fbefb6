import Foundation

/// A fresh self-signed certificate for "localhost" (and 127.0.0.1), made with the openssl
/// command in `directory`, valid for a day.
public struct SelfSignedCertificate {
    public let certificatePath: String
    public let keyPath: String

    public init(in directory: URL) throws {
        certificatePath = directory.appendingPathComponent("cert.pem").path
        keyPath = directory.appendingPathComponent("key.pem").path
        let openssl = try runProgram([
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout", keyPath, "-out", certificatePath,
        ])
        guard openssl.status == 0 else { throw CertificateFailure(output: openssl.output) }
    }
}

/// openssl could not make the certificate.
public struct CertificateFailure: Error, CustomStringConvertible {
    public let output: String
    public var description: String { "openssl could not make a certificate: \(output)" }
}
