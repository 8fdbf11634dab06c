// SPDX-License-Identifier: GPL-2.0-or-later
// Lock held across a wait: the waiter takes state_lock and then sleeps on a condition variable
// bound to a different mutex, waiting for a flag that only the setter can raise; the setter
// needs state_lock first, so the flag is never set and both block forever.
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t state_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t flag_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t flag_cond = PTHREAD_COND_INITIALIZER;
static int flag_set;
static pthread_barrier_t waiter_holds_lock;

static void* waiter(void* arg)
{
    (void)arg;
    pthread_mutex_lock(&state_lock);
    pthread_barrier_wait(&waiter_holds_lock);
    pthread_mutex_lock(&flag_lock);
    while (!flag_set)
        pthread_cond_wait(&flag_cond, &flag_lock);
    pthread_mutex_unlock(&flag_lock);
    pthread_mutex_unlock(&state_lock);
    return NULL;
}

static void* setter(void* arg)
{
    (void)arg;
    pthread_barrier_wait(&waiter_holds_lock);
    pthread_mutex_lock(&state_lock);
    pthread_mutex_lock(&flag_lock);
    flag_set = 1;
    pthread_cond_signal(&flag_cond);
    pthread_mutex_unlock(&flag_lock);
    pthread_mutex_unlock(&state_lock);
    return NULL;
}

int main(void)
{
    pthread_t w, s;
    pthread_barrier_init(&waiter_holds_lock, NULL, 2);
    pthread_create(&w, NULL, waiter, NULL);
    pthread_create(&s, NULL, setter, NULL);
    printf("ready\n");
    fflush(stdout);
    pthread_join(w, NULL);
    pthread_join(s, NULL);
    return 0;
}
