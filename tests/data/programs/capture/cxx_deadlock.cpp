// SPDX-License-Identifier: GPL-2.0-or-later
// C++ lock-order inversion through templates, a lambda and operator(): two std::mutex members
// of a registry taken in opposite order by two std::thread workers.
#include <barrier>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace store {

template<typename Key, typename Value>
class Registry
{
public:
    std::barrier<>* rendezvous = nullptr;

    void insert(const Key& key, const Value& value)
    {
        std::lock_guard<std::mutex> index(m_indexLock);
        rendezvous->arrive_and_wait();
        std::lock_guard<std::mutex> data(m_dataLock);
        m_data[key].push_back(value);
    }

    struct Compactor
    {
        Registry* self;
        void operator()(int generation)
        {
            std::lock_guard<std::mutex> data(self->m_dataLock);
            self->rendezvous->arrive_and_wait();
            std::lock_guard<std::mutex> index(self->m_indexLock);
            self->m_generation = generation;
        }
    };

private:
    std::mutex m_indexLock;
    std::mutex m_dataLock;
    std::map<Key, std::vector<Value>> m_data;
    int m_generation = 0;
};

} // namespace store

int main()
{
    std::barrier<> both(2);
    store::Registry<std::string, int> registry;
    registry.rendezvous = &both;
    std::thread writer([&registry] { registry.insert(std::string("vcpu0"), 42); });
    std::thread compactor(store::Registry<std::string, int>::Compactor{&registry}, 7);
    std::printf("ready\n");
    std::fflush(stdout);
    writer.join();
    compactor.join();
}
