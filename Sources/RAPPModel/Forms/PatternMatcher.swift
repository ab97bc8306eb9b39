import Synchronization

/// A rules-file pattern compiled to a small automaton and matched natively, for the pattern
/// shapes field formats use; `FieldFormat` falls back to ICU for any other.
///
/// A bulk import checks five formats per form: through `NSRegularExpression` each match bridges
/// the value to UTF-16 and enters ICU, which cost about a seventh of the import. This matcher
/// reads the value's Unicode scalars once against a Thompson automaton (no backtracking, time
/// linear in the value's length). It accepts only a subset of ICU's syntax whose meaning it
/// knows exactly: literals, `.`, `\s`, `\S`, escaped punctuation, `\t \n \r \f`, bracket sets of
/// literals and ranges (with `^`, `\s` and a `-` first or last), groups `( )` and `(?: )`,
/// alternation, and the greedy quantifiers `? * + {n} {n,} {n,m}`. Anything else (anchors,
/// look-around, back-references, flags, lazy or possessive quantifiers, `\d`, `\w`, properties,
/// set operations) makes `init` return nil. `PatternMatcherTests` checks it against
/// `NSRegularExpression` on random patterns of that subset and on hostile values.
///
/// The automaton is determinised at its first match (not at compile time, which runs at every
/// policy load, for commands that never match a field): a deterministic automaton reads a value in
/// a table look-up a scalar, where simulating the state sets cost about 300 instructions a
/// character. A pattern whose deterministic automaton would exceed `Deterministic.stateLimit`
/// states keeps being simulated.
struct PatternMatcher: Sendable {
    /// The scalar set each consuming state tests.
    private let sets: [ScalarSet]
    /// For each consuming state: its set's index, the states active after it consumed a scalar,
    /// and whether the pattern may end there.
    private let setOfState: [Int]
    private let followers: [[Int]]
    private let acceptsAfter: [Bool]
    /// The states active before the first scalar, and whether the empty value matches.
    private let start: [Int]
    private let acceptsEmpty: Bool
    /// The deterministic automaton, built at the first match and shared by every copy.
    private let deterministic = LazyDeterministic()

    /// More states than this (a large `{n,m}` of a large group) is left to ICU.
    static let stateLimit = 4_096

    /// Compiles `pattern`, matched against a whole value; nil when it uses syntax outside the subset.
    init?(_ pattern: String) {
        var parser = Parser(scalars: Array(pattern.unicodeScalars))
        guard let tree = parser.parseAlternation(), parser.position == parser.scalars.count else { return nil }
        var builder = Builder()
        let accept = builder.add(.accept)
        guard let entry = builder.build(tree, next: accept), builder.nodes.count <= Self.stateLimit else { return nil }
        // Consuming states in order of creation, and what each reaches without consuming.
        var consuming: [Int: Int] = [:]
        for (index, node) in builder.nodes.enumerated() {
            if case .consume = node { consuming[index] = consuming.count }
        }
        func closure(_ from: Int) -> (states: [Int], accepts: Bool) {
            var seen = Set<Int>()
            var stack = [from]
            var states: [Int] = []
            var accepts = false
            while let node = stack.popLast() {
                guard seen.insert(node).inserted else { continue }
                switch builder.nodes[node] {
                case .accept: accepts = true
                case .consume: states.append(consuming[node]!)
                case .split(let targets): stack.append(contentsOf: targets.reversed())
                }
            }
            return (states.sorted(), accepts)
        }
        var setOfState = [Int](repeating: 0, count: consuming.count)
        var followers = [[Int]](repeating: [], count: consuming.count)
        var acceptsAfter = [Bool](repeating: false, count: consuming.count)
        for (node, state) in consuming {
            guard case .consume(let set, let next) = builder.nodes[node] else { continue }
            setOfState[state] = set
            (followers[state], acceptsAfter[state]) = closure(next)
        }
        self.sets = builder.sets
        self.setOfState = setOfState
        self.followers = followers
        self.acceptsAfter = acceptsAfter
        (self.start, self.acceptsEmpty) = closure(entry)
    }

    /// Whether the whole of `value` matches.
    func matches(_ value: String) -> Bool {
        let automaton = deterministic.state.withLock { state in
            if case .pending = state {
                state = Deterministic(self).map(LazyDeterministic.State.built) ?? .tooLarge
            }
            return state
        }
        guard case .built(let automaton) = automaton else { return matchesBySimulation(value) }
        return automaton.matches(value)
    }

    /// Whether the whole of `value` matches, simulating the automaton state set by state set
    /// (what the deterministic automaton must agree with).
    func matchesBySimulation(_ value: String) -> Bool {
        let count = setOfState.count
        if count == 0 { return value.isEmpty && acceptsEmpty }
        var current = start
        var next: [Int] = []
        current.reserveCapacity(count)
        next.reserveCapacity(count)
        // The scalar index at which each state was last added to `next`: no state twice.
        var addedAt = [Int](repeating: -1, count: count)
        var accepting = acceptsEmpty
        var position = 0
        for scalar in value.unicodeScalars {
            next.removeAll(keepingCapacity: true)
            accepting = false
            for state in current where sets[setOfState[state]].contains(scalar.value) {
                if acceptsAfter[state] { accepting = true }
                for follower in followers[state] where addedAt[follower] != position {
                    addedAt[follower] = position
                    next.append(follower)
                }
            }
            if next.isEmpty && !accepting { return false }
            swap(&current, &next)
            position += 1
        }
        return accepting
    }

    // MARK: Determinising

    /// The deterministic automaton of a matcher, once built (or found too large).
    private final class LazyDeterministic: Sendable {
        enum State {
            case pending
            case built(Deterministic)
            case tooLarge
        }
        let state = Mutex(State.pending)
    }

    /// The automaton determinised by subset construction over the classes of scalars no set
    /// tells apart: each state a set of consuming states (and whether the scalar that led there
    /// ended a match), each transition one table entry.
    struct Deterministic: Sendable {
        /// Scalar values where the class changes: class `i` is `[boundaries[i - 1], boundaries[i])`.
        private let boundaries: [UInt32]
        /// The class of each ASCII scalar, without searching `boundaries`.
        private let asciiClass: [UInt8]
        private let classCount: Int
        /// `transitions[state * classCount + class]`: the next state, or -1 when nothing can match.
        private let transitions: [Int32]
        private let accepting: [Bool]

        /// More deterministic states than this is left to simulation.
        static let stateLimit = 1_024

        /// Nil when the automaton would exceed `stateLimit` states or have more than 255 classes.
        init?(_ matcher: PatternMatcher) {
            var cuts = Set<UInt32>()
            for set in matcher.sets {
                for range in set.ranges {
                    cuts.insert(range.lowerBound)
                    if range.upperBound < 0x10FFFF { cuts.insert(range.upperBound + 1) }
                }
            }
            cuts.remove(0)
            let boundaries = cuts.sorted()
            let classCount = boundaries.count + 1
            guard classCount <= 255 else { return nil }
            // Every scalar of a class is in the same sets, so its lowest value stands for it.
            let representatives = [0] + boundaries
            let members = representatives.map { value in
                matcher.sets.map { $0.contains(value) }
            }
            struct Key: Hashable {
                let states: [Int]
                let accepting: Bool
            }
            var keys = [Key(states: matcher.start, accepting: matcher.acceptsEmpty)]
            var numbers = [keys[0]: 0]
            var transitions: [Int32] = []
            var next = 0
            while next < keys.count {
                let key = keys[next]
                next += 1
                for inClass in members {
                    var states = Set<Int>()
                    var accepting = false
                    for state in key.states where inClass[matcher.setOfState[state]] {
                        states.formUnion(matcher.followers[state])
                        if matcher.acceptsAfter[state] { accepting = true }
                    }
                    guard !states.isEmpty || accepting else {
                        transitions.append(-1)
                        continue
                    }
                    let target = Key(states: states.sorted(), accepting: accepting)
                    if let number = numbers[target] {
                        transitions.append(Int32(number))
                    } else {
                        guard keys.count < Self.stateLimit else { return nil }
                        numbers[target] = keys.count
                        transitions.append(Int32(keys.count))
                        keys.append(target)
                    }
                }
            }
            self.boundaries = boundaries
            self.classCount = classCount
            self.transitions = transitions
            self.accepting = keys.map(\.accepting)
            self.asciiClass = (0..<128).map { value in UInt8(boundaries.prefix { $0 <= UInt32(value) }.count) }
        }

        func matches(_ value: String) -> Bool {
            var state = 0
            for scalar in value.unicodeScalars {
                let value = scalar.value
                let scalarClass = value < 128 ? Int(asciiClass[Int(value)]) : classOf(value)
                let target = transitions[state &* classCount &+ scalarClass]
                if target < 0 { return false }
                state = Int(target)
            }
            return accepting[state]
        }

        /// The number of boundaries at or below `value`: a binary search.
        private func classOf(_ value: UInt32) -> Int {
            var low = 0
            var high = boundaries.count
            while low < high {
                let middle = (low + high) / 2
                if boundaries[middle] <= value { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }

    // MARK: Syntax

    private indirect enum Node {
        case set(ScalarSet)
        case sequence([Node])
        case alternation([Node])
        /// `minimum` to `maximum` (nil: no limit) repetitions.
        case repeated(Node, minimum: Int, maximum: Int?)
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var position = 0
        /// Groups open around the current position.
        var depth = 0

        /// The most groups one may nest: deeper is left to ICU, so parsing never runs out of stack.
        static let depthLimit = 32
        /// The largest count a `{n,m}` may give.
        static let countLimit = 1_000

        var peek: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

        mutating func parseAlternation() -> Node? {
            var branches: [Node] = []
            while true {
                guard let sequence = parseSequence() else { return nil }
                branches.append(sequence)
                guard peek == "|" else { break }
                position += 1
            }
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }

        mutating func parseSequence() -> Node? {
            var items: [Node] = []
            while let scalar = peek, scalar != "|", scalar != ")" {
                guard var atom = parseAtom() else { return nil }
                if let (minimum, maximum) = parseQuantifier() {
                    // `a{2}?`, `a*+`, `a**`: lazy, possessive or doubled quantifiers are ICU's.
                    if let after = peek, "?*+{".unicodeScalars.contains(after) { return nil }
                    atom = .repeated(atom, minimum: minimum, maximum: maximum)
                } else if peek == "{" {
                    return nil
                }
                items.append(atom)
            }
            return .sequence(items)
        }

        /// `?`, `*`, `+` or a well-formed `{n}`, `{n,}`, `{n,m}`; nil when none is here (or a `{`
        /// that is not one, which the caller refuses).
        mutating func parseQuantifier() -> (Int, Int?)? {
            switch peek {
            case "?":
                position += 1
                return (0, 1)
            case "*":
                position += 1
                return (0, nil)
            case "+":
                position += 1
                return (1, nil)
            case "{":
                let saved = position
                position += 1
                guard let minimum = parseCount() else {
                    position = saved
                    return nil
                }
                var maximum: Int? = minimum
                if peek == "," {
                    position += 1
                    maximum = peek == "}" ? nil : parseCount()
                    if maximum == nil && peek != "}" {
                        position = saved
                        return nil
                    }
                }
                guard peek == "}", maximum.map({ $0 >= minimum }) ?? true else {
                    position = saved
                    return nil
                }
                position += 1
                return (minimum, maximum)
            default:
                return nil
            }
        }

        mutating func parseCount() -> Int? {
            var digits = 0
            var value = 0
            while let scalar = peek, ("0"..."9").contains(scalar), digits < 4 {
                value = value * 10 + Int(scalar.value - 0x30)
                digits += 1
                position += 1
            }
            guard digits > 0, value <= Self.countLimit, !(peek.map { ("0"..."9").contains($0) } ?? false) else {
                return nil
            }
            return value
        }

        mutating func parseAtom() -> Node? {
            guard let scalar = peek else { return nil }
            position += 1
            switch scalar {
            case "(":
                guard depth < Self.depthLimit else { return nil }
                depth += 1
                defer { depth -= 1 }
                if peek == "?" {
                    guard position + 1 < scalars.count, scalars[position + 1] == ":" else { return nil }
                    position += 2
                }
                guard let inner = parseAlternation(), peek == ")" else { return nil }
                position += 1
                return inner
            case "[":
                return parseSet().map(Node.set)
            case ".":
                return .set(ScalarSet.lineTerminators.inverted)
            case "\\":
                return parseEscape(inSet: false).map(Node.set)
            case "^", "$", "?", "*", "+", "{", "}", "]", ")":
                return nil
            default:
                return .set(ScalarSet(scalar))
            }
        }

        /// After a backslash: a class, a control letter or a quoted punctuation character.
        mutating func parseEscape(inSet: Bool) -> ScalarSet? {
            guard let scalar = peek else { return nil }
            position += 1
            switch scalar {
            case "s": return .whiteSpace
            case "S": return inSet ? nil : ScalarSet.whiteSpace.inverted
            case "t": return ScalarSet("\t")
            case "n": return ScalarSet("\n")
            case "r": return ScalarSet("\r")
            case "f": return ScalarSet("\u{0C}")
            default:
                return Self.quotable.contains(scalar) ? ScalarSet(scalar) : nil
            }
        }

        /// ASCII punctuation, which a backslash quotes in ICU (letters and digits it gives meanings).
        static let quotable = Set(#"\^$.|?*+()[]{}-/:@#&~!%,;<=>'"_`"#.unicodeScalars)

        /// After `[`: literals, ranges and `\s`, up to `]`; nil for ICU's richer set syntax.
        mutating func parseSet() -> ScalarSet? {
            // `[:alpha:]` is a property in ICU when a `:]` closes it; otherwise `:` is a literal.
            if peek == ":",
                scalars[position...].indices.contains(where: { index in
                    index + 1 < scalars.count && scalars[index] == ":" && scalars[index + 1] == "]" && index > position
                })
            {
                return nil
            }
            var negated = false
            if peek == "^" {
                negated = true
                position += 1
            }
            var ranges: [ClosedRange<UInt32>] = []
            var first = true
            while true {
                guard let scalar = peek else { return nil }
                if scalar == "]" {
                    if first { return nil }
                    position += 1
                    break
                }
                // A `-` is a literal first or last; elsewhere it must join a range.
                if scalar == "-" {
                    guard first || (position + 1 < scalars.count && scalars[position + 1] == "]") else { return nil }
                    position += 1
                    ranges.append(0x2D...0x2D)
                    first = false
                    continue
                }
                guard let low = parseSetMember() else { return nil }
                first = false
                if peek == "-", position + 1 < scalars.count, scalars[position + 1] != "]" {
                    position += 1
                    guard low.count == 1, let high = parseSetMember(), high.count == 1,
                        low[0].lowerBound == low[0].upperBound, high[0].lowerBound == high[0].upperBound,
                        low[0].lowerBound <= high[0].lowerBound
                    else { return nil }
                    ranges.append(low[0].lowerBound...high[0].lowerBound)
                } else {
                    ranges.append(contentsOf: low)
                }
            }
            let set = ScalarSet(ranges: ranges)
            return negated ? set.inverted : set
        }

        /// One member of a set: a literal scalar or an escape, as ranges.
        mutating func parseSetMember() -> [ClosedRange<UInt32>]? {
            guard let scalar = peek else { return nil }
            switch scalar {
            case "[", "&", "{", "}", "$", "^", "-":
                return nil
            case "\\":
                position += 1
                return parseEscape(inSet: true)?.ranges
            default:
                position += 1
                return [scalar.value...scalar.value]
            }
        }
    }

    // MARK: Automaton

    private enum State {
        case consume(set: Int, next: Int)
        case split([Int])
        case accept
    }

    private struct Builder {
        var nodes: [State] = []
        var sets: [ScalarSet] = []

        mutating func add(_ state: State) -> Int {
            nodes.append(state)
            return nodes.count - 1
        }

        /// Builds `node` in front of `next`; returns its entry, or nil past the state limit.
        mutating func build(_ node: Node, next: Int) -> Int? {
            guard nodes.count <= PatternMatcher.stateLimit else { return nil }
            switch node {
            case .set(let set):
                sets.append(set)
                return add(.consume(set: sets.count - 1, next: next))
            case .sequence(let items):
                var entry = next
                for item in items.reversed() {
                    guard let built = build(item, next: entry) else { return nil }
                    entry = built
                }
                return entry
            case .alternation(let branches):
                var entries: [Int] = []
                for branch in branches {
                    guard let built = build(branch, next: next) else { return nil }
                    entries.append(built)
                }
                return add(.split(entries))
            case .repeated(let inner, let minimum, let maximum):
                var entry = next
                if let maximum {
                    // The optional copies, innermost last: x{0,2} is (x(x)?)?.
                    for _ in 0..<(maximum - minimum) {
                        guard let built = build(inner, next: entry) else { return nil }
                        entry = add(.split([built, next]))
                    }
                } else {
                    let loop = add(.split([]))
                    guard let body = build(inner, next: loop) else { return nil }
                    nodes[loop] = .split([body, next])
                    entry = loop
                }
                for _ in 0..<minimum {
                    guard let built = build(inner, next: entry) else { return nil }
                    entry = built
                }
                return entry
            }
        }
    }
}

/// A set of Unicode scalar values as sorted, disjoint ranges, with a bitmap for ASCII.
struct ScalarSet: Sendable {
    let ranges: [ClosedRange<UInt32>]
    private let asciiLow: UInt64
    private let asciiHigh: UInt64

    init(_ scalar: Unicode.Scalar) {
        self.init(ranges: [scalar.value...scalar.value])
    }

    init(ranges given: [ClosedRange<UInt32>]) {
        var merged: [ClosedRange<UInt32>] = []
        for range in given.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound &+ 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        ranges = merged
        var low: UInt64 = 0
        var high: UInt64 = 0
        for range in merged where range.lowerBound < 128 {
            for value in range.lowerBound...min(range.upperBound, 127) {
                if value < 64 { low |= 1 << value } else { high |= 1 << (value - 64) }
            }
        }
        asciiLow = low
        asciiHigh = high
    }

    /// Every scalar value not in this set (surrogates are not scalars and never tested).
    var inverted: ScalarSet {
        var result: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for range in ranges {
            if range.lowerBound > next { result.append(next...(range.lowerBound - 1)) }
            next = range.upperBound + 1
        }
        if next <= 0x10FFFF { result.append(next...0x10FFFF) }
        return ScalarSet(ranges: result)
    }

    func contains(_ value: UInt32) -> Bool {
        if value < 64 { return asciiLow & (1 << value) != 0 }
        if value < 128 { return asciiHigh & (1 << (value - 64)) != 0 }
        for range in ranges {
            if value < range.lowerBound { return false }
            if value <= range.upperBound { return true }
        }
        return false
    }

    /// ICU's `\s`: the Unicode White_Space property.
    static let whiteSpace = ScalarSet(ranges: [
        0x09...0x0D, 0x20...0x20, 0x85...0x85, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A,
        0x2028...0x2029, 0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000,
    ])

    /// What ICU's `.` does not match without the dot-all flag.
    static let lineTerminators = ScalarSet(ranges: [0x0A...0x0D, 0x85...0x85, 0x2028...0x2029])
}
