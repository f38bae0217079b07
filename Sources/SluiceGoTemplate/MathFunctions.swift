import Foundation

/// Sprig's arithmetic: `int64` operations (`add`, `sub`, `mul`, `div`, `mod`, `max`, `min`, …), decimal float
/// operations (`addf`, `subf`, `mulf`, `divf`), rounding, and integer sequences (`until`, `untilStep`, `seq`).
enum MathFunctions {
    private static func int64(_ value: GoValue) -> Int64 { ConversionFunctions.toInt64(value) }
    private static func float(_ value: GoValue) -> Double { ConversionFunctions.toFloat64(value) }

    static func register(in table: inout FunctionTable) {
        table.add("add1", [.any]) { _, args in .int64(int64(args[0]) &+ 1) }
        table.add("add", [], variadic: .any) { _, args in .int64(args.reduce(Int64(0)) { $0 &+ int64($1) }) }
        table.add("sub", [.any, .any]) { _, args in .int64(int64(args[0]) &- int64(args[1])) }
        table.add("mul", [.any], variadic: .any) { _, args in .int64(args.dropFirst().reduce(int64(args[0])) { $0 &* int64($1) }) }
        table.add("div", [.any, .any]) { _, args throws(FunctionError) in
            let divisor = int64(args[1])
            guard divisor != 0 else { throw FunctionError("runtime error: integer divide by zero") }
            return .int64(int64(args[0]).dividedReportingOverflow(by: divisor).partialValue)
        }
        table.add("mod", [.any, .any]) { _, args throws(FunctionError) in
            let divisor = int64(args[1])
            guard divisor != 0 else { throw FunctionError("runtime error: integer divide by zero") }
            return .int64(int64(args[0]).remainderReportingOverflow(dividingBy: divisor).partialValue)
        }
        for name in ["max", "biggest"] {
            table.add(name, [.any], variadic: .any) { _, args in .int64(args.map(int64).max()!) }
        }
        table.add("min", [.any], variadic: .any) { _, args in .int64(args.map(int64).min()!) }
        table.add("maxf", [.any], variadic: .any) { _, args in
            .float64(args.dropFirst().reduce(float(args[0])) { goMax($0, float($1)) })
        }
        table.add("minf", [.any], variadic: .any) { _, args in
            .float64(args.dropFirst().reduce(float(args[0])) { goMin($0, float($1)) })
        }
        table.add("randInt", [.int, .int]) { _, args throws(FunctionError) in
            let low = StringFunctions.intArg(args[0])
            let high = StringFunctions.intArg(args[1])
            guard high > low else { throw FunctionError("invalid argument to Intn") }
            return .int(Int.random(in: low..<high))
        }
        table.add("add1f", [.any]) { _, args in .float64(decimal(args[0], [.int(1)], +)) }
        table.add("addf", [], variadic: .any) { _, args in .float64(decimal(.float64(0), args, +)) }
        table.add("subf", [.any], variadic: .any) { _, args in .float64(decimal(args[0], Array(args.dropFirst()), -)) }
        table.add("mulf", [.any], variadic: .any) { _, args in .float64(decimal(args[0], Array(args.dropFirst()), *)) }
        table.add("divf", [.any], variadic: .any) { _, args throws(FunctionError) in
            for divisor in args.dropFirst() where float(divisor) == 0 { throw FunctionError("decimal division by 0") }
            // shopspring/decimal divides to 16 decimal places, rounding half away from zero.
            return .float64(decimal(args[0], Array(args.dropFirst())) { a, b in
                var quotient = a / b
                var rounded = Decimal()
                NSDecimalRound(&rounded, &quotient, 16, .plain)
                return rounded
            })
        }
        table.add("floor", [.any]) { _, args in .float64(float(args[0]).rounded(.down)) }
        table.add("ceil", [.any]) { _, args in .float64(float(args[0]).rounded(.up)) }
        table.add("round", [.any, .int], variadic: .float64) { _, args in
            let roundOn = args.count > 2 ? float(args[2]) : 0.5
            let value = float(args[0])
            let pow = Foundation.pow(10, Double(StringFunctions.intArg(args[1])))
            let digit = pow * value
            let fraction = digit - digit.rounded(.towardZero)
            let rounded = fraction >= roundOn ? digit.rounded(.up) : digit.rounded(.down)
            return .float64(rounded / pow)
        }
        table.add("until", [.int]) { _, args throws(FunctionError) in
            let count = StringFunctions.intArg(args[0])
            try checkLength(0, count, count < 0 ? -1 : 1)
            return ints(untilStep(0, count, count < 0 ? -1 : 1))
        }
        table.add("untilStep", [.int, .int, .int]) { _, args throws(FunctionError) in
            let (start, stop, step) = (StringFunctions.intArg(args[0]), StringFunctions.intArg(args[1]), StringFunctions.intArg(args[2]))
            try checkLength(start, stop, step)
            return ints(untilStep(start, stop, step))
        }
        table.add("seq", [], variadic: .int) { _, args throws(FunctionError) in
            let params = args.map(StringFunctions.intArg)
            var sequence: [Int] = []
            switch params.count {
            case 1:
                let increment = params[0] < 1 ? -1 : 1
                try checkLength(1, params[0] + increment, increment)
                sequence = untilStep(1, params[0] + increment, increment)
            case 2:
                let step = params[1] < params[0] ? -1 : 1
                try checkLength(params[0], params[1] + step, step)
                sequence = untilStep(params[0], params[1] + step, step)
            case 3:
                let (start, step, end) = (params[0], params[1], params[2])
                var increment = 1
                if end < start {
                    increment = -1
                    if step > 0 { return .string("") }
                }
                try checkLength(start, end + increment, step)
                sequence = untilStep(start, end + increment, step)
            default:
                return .string("")
            }
            return .string(sequence.map(String.init).joined(separator: " "))
        }
    }

    private static func ints(_ values: [Int]) -> GoValue { .slice(values.map { .int($0) }, .int) }

    /// Go's `math.Max`: NaN wins, and +0 beats -0.
    private static func goMax(_ a: Double, _ b: Double) -> Double {
        if a.isNaN || b.isNaN { return .nan }
        return Swift.max(a, b)
    }

    private static func goMin(_ a: Double, _ b: Double) -> Double {
        if a.isNaN || b.isNaN { return .nan }
        return Swift.min(a, b)
    }

    /// The longest sequence `until`, `untilStep` and `seq` build: 4 Mi elements. Each element becomes a template value
    /// of tens of bytes, so the byte bound of strings (64 MiB) would let one call take gigabytes.
    static let maxSequenceLength = 4 << 20

    /// Refuses sequences longer than ``maxSequenceLength`` elements before building them.
    static func checkLength(_ start: Int, _ stop: Int, _ step: Int) throws(FunctionError) {
        guard step != 0 else { return }
        let span = stop.subtractingReportingOverflow(start)
        guard !span.overflow else { throw FunctionError("sequence longer than \(maxSequenceLength) elements") }
        let length = span.partialValue / step
        if length > maxSequenceLength { throw FunctionError("sequence longer than \(maxSequenceLength) elements") }
    }

    static func untilStep(_ start: Int, _ stop: Int, _ step: Int) -> [Int] {
        var values: [Int] = []
        if stop < start {
            if step >= 0 { return values }
            var i = start
            while i > stop { values.append(i); i += step }
            return values
        }
        if step <= 0 { return values }
        var i = start
        while i < stop { values.append(i); i += step }
        return values
    }

    /// Sprig's `execDecimalOp`: the operands as the shortest decimals that read back as their floats, combined exactly
    /// (division to 16 places), then read back as a float — so `addf 0.1 0.2` is `0.3`.
    private static func decimal(_ first: GoValue, _ rest: [GoValue], _ operation: (Decimal, Decimal) -> Decimal) -> Double {
        func toDecimal(_ value: GoValue) -> Decimal {
            let d = float(value)
            return Decimal(string: GoFloat.shortestFixed(d), locale: Locale(identifier: "en_US_POSIX")) ?? Decimal(d)
        }
        var result = toDecimal(first)
        for value in rest { result = operation(result, toDecimal(value)) }
        let text = NSDecimalNumber(decimal: result).description(withLocale: Locale(identifier: "en_US_POSIX"))
        return Double(text) ?? NSDecimalNumber(decimal: result).doubleValue
    }
}
