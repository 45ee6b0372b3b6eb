"""A lock and threads in Python 3, for bench/python.sh: four threads take
turns at one lock, each adding to a shared counter, and a condition variable
hands a token round between them (the seed chapter's lock example). Prints
the counter and the seconds it took."""
import sys
import threading
import time

THREADS = 4
ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 300000

lock = threading.Lock()
turn = threading.Condition()
counter = 0
token = 0


def worker(me):
    global counter, token
    for _ in range(ROUNDS):
        with lock:
            counter += 1
        if _ % 100 == 0:
            with turn:
                while token != me:
                    turn.wait()
                token = (token + 1) % THREADS
                turn.notify_all()


start = time.monotonic()
threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(counter, round(time.monotonic() - start, 3))
