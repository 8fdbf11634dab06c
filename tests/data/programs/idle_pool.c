// SPDX-License-Identifier: GPL-2.0-or-later
// A healthy idle process: pool workers sleep in pthread_cond_wait on an empty queue (no lock
// held while they sleep) and a poller thread waits in poll() with a timeout. Nothing is stuck.
#include <poll.h>
#include <pthread.h>
#include <stdio.h>

#define WORKERS 3

pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t queue_nonempty = PTHREAD_COND_INITIALIZER;
static int queue_length;

static void* pool_worker(void* arg)
{
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&queue_lock);
        while (queue_length == 0)
            pthread_cond_wait(&queue_nonempty, &queue_lock);
        --queue_length;
        pthread_mutex_unlock(&queue_lock);
    }
    return NULL;
}

static void* poller(void* arg)
{
    (void)arg;
    for (;;)
        poll(NULL, 0, 1000);
    return NULL;
}

int main(void)
{
    pthread_t t[WORKERS + 1];
    for (int i = 0; i < WORKERS; ++i)
        pthread_create(&t[i], NULL, pool_worker, NULL);
    pthread_create(&t[WORKERS], NULL, poller, NULL);
    printf("ready\n");
    fflush(stdout);
    for (int i = 0; i <= WORKERS; ++i)
        pthread_join(t[i], NULL);
    return 0;
}
