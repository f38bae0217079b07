/// Shamir's secret sharing over GF(2⁸) (the AES field, x⁸+x⁴+x³+x+1) as SOPS does it for key groups: each share is the
/// polynomials' values at x followed by x itself (1…n).
enum Shamir {
    /// Why shares could not be made or combined.
    struct Failure: Error {
        var reason: String
    }

    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var a = a, b = b, product: UInt8 = 0
        while b != 0 {
            if b & 1 != 0 { product ^= a }
            let carry = a & 0x80
            a <<= 1
            if carry != 0 { a ^= 0x1b }
            b >>= 1
        }
        return product
    }

    /// a²⁵⁴ = a⁻¹ (0 for 0).
    static func inverse(_ a: UInt8) -> UInt8 {
        var result: UInt8 = 1, base = a, exponent = 254
        while exponent > 0 {
            if exponent & 1 != 0 { result = multiply(result, base) }
            base = multiply(base, base)
            exponent >>= 1
        }
        return result
    }

    /// `secret` split into `parts` shares, any `threshold` of which recover it.
    static func split(_ secret: [UInt8], parts: Int, threshold: Int) throws(Failure) -> [[UInt8]] {
        guard (2...255).contains(threshold), threshold <= parts, parts <= 255, !secret.isEmpty else {
            throw Failure(reason: "cannot split the data key into \(parts) parts with threshold \(threshold)")
        }
        var shares = (0..<parts).map { index in [UInt8](repeating: 0, count: secret.count) + [UInt8(index + 1)] }
        for (position, byte) in secret.enumerated() {
            let coefficients = [byte] + (1..<threshold).map { _ in UInt8.random(in: .min ... .max) }
            for index in 0..<parts {
                let x = UInt8(index + 1)
                var y: UInt8 = 0
                for coefficient in coefficients.reversed() { y = multiply(y, x) ^ coefficient }
                shares[index][position] = y
            }
        }
        return shares
    }

    /// The secret from shares (Lagrange interpolation at 0).
    static func combine(_ shares: [[UInt8]]) throws(Failure) -> [UInt8] {
        guard shares.count >= 2, let length = shares.first?.count, length >= 2, shares.allSatisfy({ $0.count == length }) else {
            throw Failure(reason: "key group parts have different lengths or are too few")
        }
        let xs = shares.map { $0[length - 1] }
        guard Set(xs).count == xs.count, !xs.contains(0) else { throw Failure(reason: "key group parts repeat a coordinate") }
        var secret = [UInt8](repeating: 0, count: length - 1)
        for position in 0..<(length - 1) {
            var result: UInt8 = 0
            for i in 0..<shares.count {
                var basis: UInt8 = 1
                for j in 0..<shares.count where i != j {
                    basis = multiply(basis, multiply(xs[j], inverse(xs[i] ^ xs[j])))
                }
                result ^= multiply(shares[i][position], basis)
            }
            secret[position] = result
        }
        return secret
    }
}
