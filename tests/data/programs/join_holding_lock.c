// SPDX-License-Identifier: GPL-2.0-or-later
// Join while holding a lock, as a VMM shuts down: the main thread takes vm_lock and joins the
// vCPU thread; the vCPU thread needs vm_lock to finish its exit, so neither ever returns.
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t vm_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t main_holds_lock;

static void vcpu_exit_notify(void)
{
    pthread_mutex_lock(&vm_lock);
    pthread_mutex_unlock(&vm_lock);
}

static void* vcpu_thread(void* arg)
{
    (void)arg;
    pthread_barrier_wait(&main_holds_lock);
    vcpu_exit_notify();
    return NULL;
}

static void vm_destroy(pthread_t vcpu)
{
    pthread_mutex_lock(&vm_lock);
    pthread_barrier_wait(&main_holds_lock);
    pthread_join(vcpu, NULL);
    pthread_mutex_unlock(&vm_lock);
}

int main(void)
{
    pthread_t vcpu;
    pthread_barrier_init(&main_holds_lock, NULL, 2);
    pthread_create(&vcpu, NULL, vcpu_thread, NULL);
    printf("ready\n");
    fflush(stdout);
    vm_destroy(vcpu);
    return 0;
}
