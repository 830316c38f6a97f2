/// Eight bytes of a field read as one little-endian word, first byte lowest (SWAR: SIMD
/// within a register): how many digits the field starts with, and their value.
///
/// Hand-written because it is the inner loop of every number a CSV file holds: a byte
/// loop costs a multiply-add chain per digit and a mispredicted exit per field (prices are
/// 3 to 7 bytes, unpredictably); this is a dozen instructions whatever the length.
enum DigitWord {
    private static let everyByte: UInt64 = 0x0101_0101_0101_0101
    private static let highBits = everyByte &* 0x80

    /// The number of digit bytes (`0`–`9`) the word starts with, 0 to 8.
    @inline(__always)
    static func leadingDigits(_ word: UInt64) -> Int {
        // With each byte's high bit set first no subtraction borrows across bytes: a high
        // bit survives `- 0x30` for bytes from 0x30 up, and `- 0x3A` from 0x3A up.
        let atLeastZero = (word | highBits) &- everyByte &* 0x30
        let aboveNine = (word | highBits) &- everyByte &* 0x3A
        let digits = atLeastZero & ~aboveNine & ~word & highBits
        return (~digits & highBits).trailingZeroBitCount &>> 3
    }

    /// The value of the first `count` bytes (1 to 8), which must be digits.
    @inline(__always)
    static func value(_ word: UInt64, count: Int) -> UInt64 {
        // The digits moved to the top of the word, zeros (leading zeros) below them; then
        // pairs, fours and the eight combined by three multiplies (Lemire's method).
        var v = (word & (everyByte &* 0x0F)) &<< UInt64(64 &- 8 &* count)
        v = v &* 10 &+ (v &>> 8)
        let pairs: UInt64 = 0x0000_00FF_0000_00FF
        v = ((v & pairs) &* (100 &+ (1_000_000 &<< 32)) &+ ((v &>> 16) & pairs) &* (1 &+ (10_000 &<< 32))) &>> 32
        return v & 0xFFFF_FFFF
    }

    /// 10^exponent for 0 to 8.
    @inline(__always)
    static func power(_ exponent: Int) -> UInt64 {
        switch exponent {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1_000
        case 4: 10_000
        case 5: 100_000
        case 6: 1_000_000
        case 7: 10_000_000
        default: 100_000_000
        }
    }
}
