package io.flowaudit.connect.siem;

/** Waits between retries; tests substitute one that records the waits instead of sleeping. */
@FunctionalInterface
interface Sleeper {

    Sleeper THREAD = Thread::sleep;

    void sleep(long millis) throws InterruptedException;
}
