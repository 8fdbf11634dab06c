// SPDX-License-Identifier: GPL-2.0-or-later
// Three-thread lock cycle: worker N holds lock N and then wants lock N+1 (mod 3), so
// A -> B -> C -> A. A barrier makes every worker hold its first lock before the second request.
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t lock_c = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t all_hold_one;

static void hold_then_want(pthread_mutex_t* held, pthread_mutex_t* wanted)
{
    pthread_mutex_lock(held);
    pthread_barrier_wait(&all_hold_one);
    pthread_mutex_lock(wanted);
}

static void* worker_a(void* arg)
{
    (void)arg;
    hold_then_want(&lock_a, &lock_b);
    return NULL;
}

static void* worker_b(void* arg)
{
    (void)arg;
    hold_then_want(&lock_b, &lock_c);
    return NULL;
}

static void* worker_c(void* arg)
{
    (void)arg;
    hold_then_want(&lock_c, &lock_a);
    return NULL;
}

int main(void)
{
    pthread_t t[3];
    pthread_barrier_init(&all_hold_one, NULL, 3);
    pthread_create(&t[0], NULL, worker_a, NULL);
    pthread_create(&t[1], NULL, worker_b, NULL);
    pthread_create(&t[2], NULL, worker_c, NULL);
    printf("ready\n");
    fflush(stdout);
    for (int i = 0; i < 3; ++i)
        pthread_join(t[i], NULL);
    return 0;
}
