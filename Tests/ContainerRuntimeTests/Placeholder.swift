import XCTest
// Tests for this module land with its first source file.
final class ContainerRuntimeTestsPlaceholder: XCTestCase {}
