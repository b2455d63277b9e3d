import Foundation
import XCTest

@testable import Gateway

/// The server lifecycle state machine on its own: every transition, with times given.
final class ServerLifecycleTests: XCTestCase {
    let policy = Gateway.RestartPolicy(initialDelay: 1, maximumDelay: 8, maximumAttempts: 3, stableUptime: 30)
    let t0 = Date(timeIntervalSince1970: 1_000_000)

    /// A lifecycle whose first child (generation 1) became ready at `t0`.
    func ready() -> ServerLifecycle {
        var lifecycle = ServerLifecycle(policy: policy)
        lifecycle.started(generation: lifecycle.nextGeneration, at: t0)
        return lifecycle
    }

    func testActivationStartsThenIsReady() {
        var lifecycle = ServerLifecycle(policy: policy)
        XCTAssertEqual(lifecycle.state, .starting(.activation))
        XCTAssertEqual(lifecycle.statusName, "starting")
        XCTAssertTrue(lifecycle.isStarting)
        XCTAssertNil(lifecycle.startedAt)
        XCTAssertEqual(lifecycle.callArrived(isRemote: false), .unavailable(.starting))

        lifecycle.started(generation: 1, at: t0)
        XCTAssertEqual(lifecycle.state, .ready(since: t0))
        XCTAssertEqual(lifecycle.statusName, "running")
        XCTAssertEqual(lifecycle.startedAt, t0)
        XCTAssertEqual(lifecycle.generation, 1)
        XCTAssertEqual(lifecycle.restarts, 0)
        XCTAssertEqual(lifecycle.callArrived(isRemote: false), .proceed)
    }

    func testFailedActivationStops() {
        var lifecycle = ServerLifecycle(policy: policy)
        XCTAssertEqual(lifecycle.startFailed(reason: "no image"), .none)
        XCTAssertEqual(lifecycle.state, .stopped)
        XCTAssertEqual(lifecycle.callArrived(isRemote: false), .unavailable(.stopped))
        lifecycle.started(generation: 1, at: t0)
        XCTAssertEqual(lifecycle.state, .stopped, "nothing leaves stopped")
    }

    func testEarlyExitsBackOffDoublingUpToTheLimitThenGiveUp() {
        var lifecycle = ready()
        // First exit 5 s after start: failure 1, wait 2 s (1 doubled once).
        XCTAssertEqual(lifecycle.childExited(generation: 1, reason: "exit 3", at: t0 + 5), .restart(after: 2, generation: 1))
        XCTAssertEqual(lifecycle.state, .restarting)
        XCTAssertEqual(lifecycle.statusName, "restarting")
        XCTAssertNil(lifecycle.startedAt)
        XCTAssertEqual(lifecycle.lastError, "exit 3")
        XCTAssertEqual(lifecycle.callArrived(isRemote: false), .unavailable(.restarting(restarts: 0, lastError: "exit 3")))

        // The back-off ends; it stays restarting while the child starts, then is ready again.
        XCTAssertTrue(lifecycle.restartDue(generation: 1))
        XCTAssertEqual(lifecycle.state, .restarting)
        lifecycle.started(generation: lifecycle.nextGeneration, at: t0 + 10)
        XCTAssertEqual(lifecycle.state, .ready(since: t0 + 10))
        XCTAssertEqual(lifecycle.restarts, 1)
        XCTAssertEqual(lifecycle.generation, 2)

        // Second early exit: failure 2, wait 4 s.
        XCTAssertEqual(lifecycle.childExited(generation: 2, reason: "exit 3", at: t0 + 11), .restart(after: 4, generation: 2))
        // The restart itself fails: failure 3 reaches the limit.
        XCTAssertTrue(lifecycle.restartDue(generation: 2))
        XCTAssertEqual(lifecycle.startFailed(reason: "handshake timed out"), .giveUp)
        XCTAssertEqual(lifecycle.state, .failed)
        XCTAssertEqual(lifecycle.failedAttempts, 3)
        XCTAssertEqual(lifecycle.lastError, "handshake timed out")
        XCTAssertEqual(lifecycle.callArrived(isRemote: false), .unavailable(.failed(lastError: "handshake timed out")))
        XCTAssertFalse(lifecycle.restartDue(generation: 2))
    }

    func testDelayIsCappedAtTheMaximum() {
        XCTAssertEqual(policy.delay(afterFailures: 0), 1)
        XCTAssertEqual(policy.delay(afterFailures: 2), 4)
        XCTAssertEqual(policy.delay(afterFailures: 3), 8)
        XCTAssertEqual(policy.delay(afterFailures: 10), 8)
    }

    func testAnExitAfterAStableUptimeStartsTheCountAgain() {
        var lifecycle = ready()
        _ = lifecycle.childExited(generation: 1, reason: "exit 1", at: t0 + 1)
        XCTAssertEqual(lifecycle.failedAttempts, 1)
        lifecycle.started(generation: lifecycle.nextGeneration, at: t0 + 3)
        XCTAssertEqual(lifecycle.childExited(generation: 2, reason: "exit 1", at: t0 + 3 + 30), .restart(after: 1, generation: 2))
        XCTAssertEqual(lifecycle.failedAttempts, 0)
    }

    func testStaleEventsAreIgnored() {
        var lifecycle = ready()
        XCTAssertEqual(lifecycle.childExited(generation: 0, reason: "old child", at: t0 + 1), .none)
        XCTAssertEqual(lifecycle.state, .ready(since: t0))
        XCTAssertNil(lifecycle.lastError)

        // A restart scheduled for generation 1 is dropped once a manual restart took over.
        _ = lifecycle.childExited(generation: 1, reason: "exit", at: t0 + 1)
        lifecycle.restartRequested()
        XCTAssertFalse(lifecycle.restartDue(generation: 1))
        // The exit of the child the manual restart closed is not a crash.
        lifecycle.started(generation: lifecycle.nextGeneration, at: t0 + 2)
        XCTAssertEqual(lifecycle.childExited(generation: 1, reason: "closed", at: t0 + 3), .none)
        XCTAssertEqual(lifecycle.state, .ready(since: t0 + 2))
    }

    func testManualRestartClearsFailuresAndAFailedOneIsFailed() {
        var lifecycle = ready()
        _ = lifecycle.childExited(generation: 1, reason: "exit", at: t0 + 1)
        XCTAssertEqual(lifecycle.failedAttempts, 1)
        lifecycle.restartRequested()
        XCTAssertEqual(lifecycle.state, .starting(.restart))
        XCTAssertEqual(lifecycle.failedAttempts, 0)
        XCTAssertEqual(lifecycle.generation, 2)
        XCTAssertEqual(lifecycle.startFailed(reason: "bad token"), .none)
        XCTAssertEqual(lifecycle.state, .failed)
        XCTAssertEqual(lifecycle.lastError, "bad token")

        var again = ready()
        again.restartRequested()
        again.started(generation: again.nextGeneration, at: t0 + 5)
        XCTAssertEqual(again.restarts, 0, "a manual restart is not counted as a crash restart")
        XCTAssertEqual(again.generation, 3)
    }

    func testIdleStopAndWakeOnTheNextCall() {
        var lifecycle = ready()
        XCTAssertTrue(lifecycle.idleTimeoutElapsed())
        XCTAssertEqual(lifecycle.state, .idle)
        XCTAssertEqual(lifecycle.statusName, "idle")
        XCTAssertEqual(lifecycle.generation, 2, "the closed child's exit is stale")
        XCTAssertFalse(lifecycle.idleTimeoutElapsed(), "only a ready server goes idle")

        XCTAssertEqual(lifecycle.callArrived(isRemote: false), .start(.wake))
        XCTAssertEqual(lifecycle.state, .starting(.wake))
        XCTAssertEqual(lifecycle.callArrived(isRemote: false), .unavailable(.starting))
        lifecycle.started(generation: lifecycle.nextGeneration, at: t0 + 100)
        XCTAssertEqual(lifecycle.state, .ready(since: t0 + 100))
        XCTAssertEqual(lifecycle.restarts, 0)

        // A wake that fails leaves it idle with the reason.
        XCTAssertTrue(lifecycle.idleTimeoutElapsed())
        _ = lifecycle.callArrived(isRemote: false)
        XCTAssertEqual(lifecycle.startFailed(reason: "podman gone"), .none)
        XCTAssertEqual(lifecycle.state, .idle)
        XCTAssertEqual(lifecycle.lastError, "podman gone")
    }

    func testAFailedRemoteIsTriedAgainByACallAndAContainerIsNot() {
        var lifecycle = ready()
        XCTAssertEqual(lifecycle.childExited(generation: 1, reason: "connection refused", at: t0 + 1), .restart(after: 2, generation: 1))
        XCTAssertEqual(lifecycle.startFailed(reason: "connection refused"), .restart(after: 4, generation: 1))
        XCTAssertEqual(lifecycle.startFailed(reason: "connection refused"), .giveUp)
        XCTAssertEqual(lifecycle.state, .failed)
        var container = lifecycle
        XCTAssertEqual(container.callArrived(isRemote: false), .unavailable(.failed(lastError: "connection refused")))

        XCTAssertEqual(lifecycle.callArrived(isRemote: true), .start(.retry))
        XCTAssertEqual(lifecycle.startFailed(reason: "still down"), .none)
        XCTAssertEqual(lifecycle.state, .failed)
        XCTAssertEqual(lifecycle.callArrived(isRemote: true), .start(.retry))
        lifecycle.started(generation: lifecycle.nextGeneration, at: t0 + 600)
        XCTAssertEqual(lifecycle.state, .ready(since: t0 + 600))
        XCTAssertEqual(lifecycle.failedAttempts, 0)
        XCTAssertEqual(lifecycle.restarts, 1)
    }

    func testStopIsFinal() {
        var lifecycle = ready()
        lifecycle.stop()
        XCTAssertEqual(lifecycle.statusName, "stopped")
        XCTAssertEqual(lifecycle.childExited(generation: 1, reason: "exit", at: t0 + 1), .none)
        lifecycle.restartRequested()
        XCTAssertEqual(lifecycle.state, .stopped)
        XCTAssertFalse(lifecycle.idleTimeoutElapsed())
        XCTAssertEqual(lifecycle.callArrived(isRemote: true), .unavailable(.stopped))
    }
}
